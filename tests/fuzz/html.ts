/**
 * What a rendered page offers to send: its forms (method, action, the fields a browser would
 * submit and each submit button as its own variant) and the query keys of its links. The markup
 * is React's (renderToStaticMarkup: every attribute double-quoted and escaped), so a small
 * tokenizer is enough; no DOM.
 */

export type ControlKind =
  "text" | "hidden" | "checkbox" | "radio" | "file" | "select" | "textarea" | "number" | "date" | "password" | "other";

export type Control = {
  name: string;
  kind: ControlKind;
  /** what a browser sends for it untouched (null: nothing, e.g. an unticked box) */
  value: string | null;
  /** a select's or a radio group's choices */
  options?: string[];
};

export type SubmitButton = { name: string; value: string } | null;

export type PageForm = {
  method: "get" | "post";
  /** the action attribute as written (null: the page itself) */
  action: string | null;
  multipart: boolean;
  controls: Control[];
  /** one entry per named submit button (null: a form submitted without a named button) */
  submits: SubmitButton[];
};

type Element = { kind: "open" | "close"; name: string; attrs: Record<string, string>; selfClosing: boolean; index: number };
type Tag = Element | { kind: "text"; text: string; index: number };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

function tokens(html: string): Tag[] {
  const out: Tag[] = [];
  const re = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)/g;
  for (const m of html.matchAll(re)) {
    if (m[5] !== undefined) {
      out.push({ kind: "text", text: decode(m[5]), index: m.index });
      continue;
    }
    if (!m[2]) continue;
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? "").matchAll(/([^\s=>/]+)(?:="([^"]*)")?/g)) attrs[a[1].toLowerCase()] = decode(a[2] ?? "");
    out.push({ kind: m[1] ? "close" : "open", name: m[2].toLowerCase(), attrs, selfClosing: m[4] === "/", index: m.index });
  }
  return out;
}

type Raw = { form: PageForm; id: string | undefined };

/** Every <form> of the page, with the controls inside it and those that name it (form="id"). */
export function formsOf(html: string): PageForm[] {
  const all = tokens(html);
  const forms: Raw[] = [];
  const byId = new Map<string, Raw>();
  const outside: { formId: string; control: Control | { submit: SubmitButton } }[] = [];
  let current: Raw | null = null;

  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (t.kind === "text") continue;
    if (t.kind === "close") {
      if (t.name === "form") current = null;
      continue;
    }
    if (t.name === "form") {
      const method = (t.attrs.method ?? "get").toLowerCase() === "post" ? "post" : "get";
      current = {
        id: t.attrs.id,
        form: {
          method,
          action: t.attrs.action ?? null,
          multipart: (t.attrs.enctype ?? "").toLowerCase() === "multipart/form-data",
          controls: [],
          submits: [],
        },
      };
      forms.push(current);
      if (t.attrs.id) byId.set(t.attrs.id, current);
      continue;
    }
    const item = controlOf(t, all, i);
    if (!item) continue;
    const owner = t.attrs.form;
    if (owner) outside.push({ formId: owner, control: item });
    else if (current) add(current.form, item);
  }
  for (const o of outside) {
    const f = byId.get(o.formId);
    if (f) add(f.form, o.control);
  }
  for (const { form } of forms) if (form.submits.length === 0) form.submits.push(null);
  return forms.map((f) => f.form);
}

function add(form: PageForm, item: Control | { submit: SubmitButton }) {
  if ("submit" in item) {
    if (item.submit && !form.submits.some((s) => s?.name === item.submit!.name && s.value === item.submit!.value))
      form.submits.push(item.submit);
    return;
  }
  form.controls.push(item);
}

function controlOf(t: Element, all: Tag[], i: number): Control | { submit: SubmitButton } | null {
  const a = t.attrs;
  if ("disabled" in a && t.name !== "button") return null;
  if (t.name === "button") {
    const type = (a.type ?? "submit").toLowerCase();
    if (type !== "submit" || !a.name) return null;
    return { submit: { name: a.name, value: a.value ?? "" } };
  }
  if (!a.name) return null;
  if (t.name === "input") {
    const type = (a.type ?? "text").toLowerCase();
    if (type === "submit") return { submit: { name: a.name, value: a.value ?? "" } };
    if (type === "button" || type === "reset" || type === "image") return null;
    if (type === "checkbox" || type === "radio")
      return { name: a.name, kind: type, value: "checked" in a ? (a.value ?? "on") : null, options: [a.value ?? "on"] };
    const kind: ControlKind =
      type === "hidden" || type === "file" || type === "number" || type === "date" || type === "password"
        ? type
        : type === "text" || type === "search" || type === "tel" || type === "url" || type === "email"
          ? "text"
          : "other";
    return { name: a.name, kind, value: kind === "file" ? null : (a.value ?? "") };
  }
  if (t.name === "textarea") {
    let text = "";
    for (let j = i + 1; j < all.length; j++) {
      const n = all[j];
      if (n.kind === "text") text += n.text;
      else if (n.kind === "close" && n.name === "textarea") break;
    }
    // a browser drops one leading newline of a textarea's content
    return { name: a.name, kind: "textarea", value: text.replace(/^\n/, "") };
  }
  if (t.name === "select") {
    const options: string[] = [];
    let selected: string | null = null;
    for (let j = i + 1; j < all.length; j++) {
      const n = all[j];
      if (n.kind === "close" && n.name === "select") break;
      if (n.kind === "open" && n.name === "option" && !("disabled" in n.attrs)) {
        let value = n.attrs.value;
        if (value === undefined) {
          const next = all[j + 1];
          value = next?.kind === "text" ? next.text.trim() : "";
        }
        options.push(value);
        if ("selected" in n.attrs && selected === null) selected = value;
      }
    }
    return { name: a.name, kind: "select", value: selected ?? options[0] ?? "", options };
  }
  return null;
}

/** merges radio buttons and checkboxes of one name into one control (its options, its checked values) */
export function fieldsOf(form: PageForm): { name: string; kind: ControlKind; values: string[]; options?: string[]; repeated: boolean }[] {
  const out = new Map<string, { name: string; kind: ControlKind; values: string[]; options?: string[]; repeated: boolean; seen: number }>();
  for (const c of form.controls) {
    const f = out.get(c.name);
    if (!f) {
      out.set(c.name, {
        name: c.name,
        kind: c.kind,
        values: c.value === null ? [] : [c.value],
        options: c.options ? [...c.options] : undefined,
        repeated: false,
        seen: 1,
      });
      continue;
    }
    f.seen++;
    if (c.value !== null) f.values.push(c.value);
    if (c.options) f.options = [...(f.options ?? []), ...c.options];
    // radio buttons share a name and send one value; anything else named twice is a list
    if (c.kind !== "radio") f.repeated = true;
  }
  return [...out.values()].map(({ seen: _seen, ...f }) => f);
}

/** the href of every link on the page */
export function linksOf(html: string): string[] {
  return tokens(html)
    .filter((t): t is Element => t.kind === "open" && t.name === "a" && typeof t.attrs.href === "string")
    .map((t) => t.attrs.href);
}
