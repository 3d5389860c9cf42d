/** window.print() behind a button; hidden when printing, and harmless without JavaScript. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="secondary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
