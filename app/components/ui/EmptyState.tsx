import type { ReactNode } from "react";

/**
 * An empty list that says what to do next: a short title, one sentence of next steps, and the
 * action itself (a link or a button) when the user may act.
 */
export function EmptyState({
  title,
  children,
  action,
  testId,
}: {
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty empty-state" data-testid={testId}>
      {title ? <p className="empty-title">{title}</p> : null}
      {children ? <p className="empty-body">{children}</p> : null}
      {action ? <div className="empty-action no-print">{action}</div> : null}
    </div>
  );
}
