// Kubernetes-aware YAML: checks Pod and Namespace manifests against the real v1.32 OpenAPI schema
// (static/playground/k8s-schema-v1.32.json, copied from playground/sim/data/schema_core_v1.json.gz by
// the build), and answers "which field is this / what may go here" for completion and hover.
// Pure functions over text and the Lezer YAML tree; editor.js wires them into CodeMirror.

const PREFIX = 'io.k8s.api.core.v1.';
// Kinds this sandbox validates, and real kinds it knows about (no diagnostics, not validated).
export const VALIDATED_KINDS = { Pod: 'Pod', Namespace: 'Namespace' };
const KNOWN_KINDS = {
  v1: ['Pod', 'Namespace', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim',
    'PersistentVolume', 'Node', 'Event', 'Endpoints', 'LimitRange', 'ResourceQuota', 'ReplicationController', 'List'],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
  'batch/v1': ['Job', 'CronJob'],
  'networking.k8s.io/v1': ['Ingress', 'NetworkPolicy', 'IngressClass'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'storage.k8s.io/v1': ['StorageClass'],
};

// ---------------------------------------------------------------------------------------------
// YAML tree -> positioned values

/** Documents of `tree` as positioned values: {t:'map'|'seq'|'scalar', from, to, ...}. */
export function documents(tree, text) {
  const docs = [];
  const top = tree.topNode;
  for (let doc = top.firstChild; doc; doc = doc.nextSibling) {
    if (doc.name !== 'Document') continue;
    let body = null;
    for (let c = doc.firstChild; c; c = c.nextSibling) {
      const v = valueOf(c, text);
      if (v) {
        body = v;
        break;
      }
    }
    docs.push({ from: doc.from, to: doc.to, body });
  }
  return docs;
}

function valueOf(node, text) {
  switch (node.name) {
    case 'BlockMapping':
    case 'FlowMapping': {
      const entries = [];
      for (let p = node.firstChild; p; p = p.nextSibling) {
        if (p.name !== 'Pair') continue;
        const keyNode = p.getChild('Key');
        let value = null;
        for (let c = keyNode ? keyNode.nextSibling : p.firstChild; c; c = c.nextSibling) {
          const v = valueOf(c, text);
          if (v) {
            value = v;
            break;
          }
        }
        const key = keyNode ? scalarText(keyNode.firstChild ?? keyNode, text) : '';
        entries.push({ key, keyFrom: keyNode?.from ?? p.from, keyTo: keyNode?.to ?? p.from, value, from: p.from, to: p.to });
      }
      return { t: 'map', entries, from: node.from, to: node.to };
    }
    case 'BlockSequence':
    case 'FlowSequence': {
      const items = [];
      for (let it = node.firstChild; it; it = it.nextSibling) {
        if (it.name !== 'Item') continue;
        let value = null;
        for (let c = it.firstChild; c; c = c.nextSibling) {
          const v = valueOf(c, text);
          if (v) {
            value = v;
            break;
          }
        }
        items.push(value ?? { t: 'scalar', type: 'null', from: it.from, to: it.to, text: '' });
      }
      return { t: 'seq', items, from: node.from, to: node.to };
    }
    case 'Literal':
    case 'QuotedLiteral':
    case 'BlockLiteral': {
      const raw = text.slice(node.from, node.to);
      const quoted = node.name !== 'Literal';
      return { t: 'scalar', type: quoted ? 'string' : plainType(raw), text: scalarText(node, text), from: node.from, to: node.to };
    }
    case 'Tagged':
    case 'Anchored':
      for (let c = node.firstChild; c; c = c.nextSibling) {
        const v = valueOf(c, text);
        if (v) return v;
      }
      return null;
    default:
      return null;
  }
}

function scalarText(node, text) {
  const raw = text.slice(node.from, node.to);
  if (node.name === 'QuotedLiteral') return raw.slice(1, -1);
  return raw.trim();
}

/** YAML 1.2 core schema type of an unquoted scalar (what kubectl's YAML→JSON would produce). */
export function plainType(raw) {
  const s = raw.trim();
  if (/^(null|Null|NULL|~|)$/.test(s)) return 'null';
  if (/^(true|True|TRUE|false|False|FALSE)$/.test(s)) return 'boolean';
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(s) || /^0o[0-7]+$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s)) return 'integer';
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s) || /^[-+]?\.(inf|Inf|INF)$/.test(s) || /^\.(nan|NaN|NAN)$/.test(s)) return 'number';
  return 'string';
}

// ---------------------------------------------------------------------------------------------
// Schema lookups

export class K8sSchema {
  constructor(openapi) {
    this.defs = openapi?.components?.schemas ?? openapi ?? {};
  }

  root(kind) {
    const name = VALIDATED_KINDS[kind];
    return name ? this.defs[PREFIX + name] ?? null : null;
  }

  /** Follow $ref / allOf:[{$ref}] to the schema itself; keeps the outer description. */
  resolve(schema) {
    let s = schema;
    let description = schema?.description;
    for (let n = 0; s && n < 10; n++) {
      const ref = s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : null);
      if (!ref) break;
      s = this.defs[ref.split('/').pop()];
      description = description ?? s?.description;
    }
    if (!s) return null;
    return description && s.description !== description ? { ...s, description } : s;
  }

  /** The schema at `path` (keys; numbers for sequence items) below `root`. */
  at(root, path) {
    let s = this.resolve(root);
    for (const step of path) {
      if (!s) return null;
      if (typeof step === 'number') {
        s = s.type === 'array' ? this.resolve(s.items) : null;
      } else if (s.properties) {
        s = s.properties[step] ? this.resolve(s.properties[step]) : null;
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        s = this.resolve(s.additionalProperties);
      } else {
        s = null;
      }
    }
    return s;
  }
}

/** A short human name of a schema's type: string, integer, []Container, map[string]string… */
export function typeName(schemas, schema) {
  if (!schema) return '';
  if (schema.oneOf) return schema.oneOf.map((o) => o.type).join(' | ');
  if (schema.type === 'array') {
    const ref = schema.items?.$ref ?? schema.items?.allOf?.[0]?.$ref;
    return '[]' + (ref ? ref.split('.').pop() : schema.items?.type ?? 'object');
  }
  if (schema.type === 'object' && schema.additionalProperties) {
    return `map[string]${schema.additionalProperties.type ?? 'object'}`;
  }
  return schema.type ?? 'object';
}

// ---------------------------------------------------------------------------------------------
// Validation

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggest(word, options) {
  let best = null;
  let bestD = 3;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      best = o;
      bestD = d;
    }
  }
  return best;
}

function pathText(path) {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : (out ? '.' : '') + p;
  return out;
}

const JSON_TYPE = { null: 'null', boolean: 'boolean', integer: 'integer', number: 'number', string: 'string' };

function typeOk(want, node) {
  if (node.t === 'map') return want === 'object';
  if (node.t === 'seq') return want === 'array';
  if (node.type === 'null') return true; // null means "not set" for every field
  if (want === 'number') return node.type === 'integer' || node.type === 'number';
  return want === JSON_TYPE[node.type];
}

function describeNode(node) {
  if (node.t === 'map') return 'object';
  if (node.t === 'seq') return 'array';
  return node.type;
}

/** Diagnostics ({from, to, severity, message}) for every document in the YAML text. */
export function validate(schemas, text, tree) {
  const out = [];
  for (const doc of documents(tree, text)) {
    const body = doc.body;
    if (!body || body.t !== 'map') continue;
    const get = (k) => body.entries.find((e) => e.key === k);
    const kindE = get('kind');
    const apiE = get('apiVersion');
    const kind = kindE?.value?.t === 'scalar' ? kindE.value.text : null;
    const api = apiE?.value?.t === 'scalar' ? apiE.value.text : null;
    if (!kindE) {
      out.push({ from: body.from, to: Math.min(body.to, body.from + 1), severity: 'error',
        message: "Object 'Kind' is missing in the manifest" });
      continue;
    }
    if (!apiE) {
      out.push({ from: kindE.keyFrom, to: kindE.keyTo, severity: 'error',
        message: "Object 'apiVersion' is missing in the manifest" });
      continue;
    }
    const knownIn = Object.keys(KNOWN_KINDS).filter((g) => KNOWN_KINDS[g].includes(kind));
    if (!knownIn.length) {
      const all = Object.values(KNOWN_KINDS).flat();
      const close = suggest(kind ?? '', all);
      out.push({ from: kindE.value?.from ?? kindE.keyFrom, to: kindE.value?.to ?? kindE.keyTo, severity: 'error',
        message: `unknown kind "${kind}"` + (close ? ` (did you mean "${close}"?)` : '') });
      continue;
    }
    if (!knownIn.includes(api)) {
      out.push({ from: apiE.value?.from ?? apiE.keyFrom, to: apiE.value?.to ?? apiE.keyTo, severity: 'error',
        message: `no matches for kind "${kind}" in version "${api}" (${kind} is in "${knownIn[0]}")` });
      continue;
    }
    const root = schemas.root(kind);
    if (!root) continue;
    checkNode(schemas, root, body, [], out);
    // What the API server's validation adds to the schema.
    const meta = get('metadata')?.value;
    const hasName = meta?.t === 'map' && meta.entries.some((e) => (e.key === 'name' || e.key === 'generateName') && e.value?.t === 'scalar' && e.value.text);
    if (!hasName) {
      const at = get('metadata') ?? kindE;
      out.push({ from: at.keyFrom, to: at.keyTo, severity: 'error', message: 'metadata.name: Required value: name or generateName is required' });
    }
    if (kind === 'Pod') checkPod(body, out);
  }
  return out;
}

function checkPod(body, out) {
  const spec = body.entries.find((e) => e.key === 'spec');
  if (!spec || spec.value?.t !== 'map') {
    const at = spec ?? body.entries[0];
    out.push({ from: at.keyFrom, to: at.keyTo, severity: 'error', message: 'spec.containers: Required value' });
    return;
  }
  for (const key of ['containers', 'initContainers']) {
    const list = spec.value.entries.find((e) => e.key === key);
    if (!list) {
      if (key === 'containers') out.push({ from: spec.keyFrom, to: spec.keyTo, severity: 'error', message: 'spec.containers: Required value' });
      continue;
    }
    if (list.value?.t !== 'seq') continue;
    list.value.items.forEach((item, i) => {
      if (item.t !== 'map') return;
      const image = item.entries.find((e) => e.key === 'image');
      if (!image || !(image.value?.t === 'scalar' && image.value.text)) {
        const at = item.entries[0] ?? { keyFrom: item.from, keyTo: item.to };
        out.push({ from: at.keyFrom, to: at.keyTo, severity: 'error', message: `spec.${key}[${i}].image: Required value` });
      }
    });
  }
}

function checkNode(schemas, schema, node, path, out) {
  const s = schemas.resolve(schema);
  if (!s || !node) return;
  if (s.oneOf) {
    if (node.t === 'scalar' && node.type !== 'null' && !s.oneOf.some((o) => typeOk(o.type, node))) {
      out.push({ from: node.from, to: node.to, severity: 'error',
        message: `${pathText(path)}: wrong type: expected ${s.oneOf.map((o) => o.type).join(' or ')}, got ${node.type}` });
    } else if (node.t !== 'scalar') {
      out.push({ from: node.from, to: node.to, severity: 'error',
        message: `${pathText(path)}: wrong type: expected ${s.oneOf.map((o) => o.type).join(' or ')}, got ${describeNode(node)}` });
    }
    return;
  }
  const want = s.type ?? (s.properties || s.additionalProperties ? 'object' : null);
  if (want && !typeOk(want, node)) {
    out.push({ from: node.from, to: node.to, severity: 'error',
      message: `${pathText(path)}: wrong type: expected ${want}, got ${describeNode(node)}` });
    return;
  }
  if (node.t === 'scalar' && Array.isArray(s.enum) && node.type === 'string' && !s.enum.includes(node.text)) {
    out.push({ from: node.from, to: node.to, severity: 'error',
      message: `${pathText(path)}: Unsupported value: "${node.text}": supported values: ${s.enum.map((v) => `"${v}"`).join(', ')}` });
  }
  if (node.t === 'seq') {
    node.items.forEach((item, i) => checkNode(schemas, s.items, item, [...path, i], out));
    return;
  }
  if (node.t !== 'map') return;
  const seen = new Set();
  for (const e of node.entries) {
    const here = [...path, e.key];
    if (seen.has(e.key)) {
      out.push({ from: e.keyFrom, to: e.keyTo, severity: 'error', message: `mapping key "${e.key}" already defined` });
    }
    seen.add(e.key);
    if (s.properties) {
      const prop = s.properties[e.key];
      if (!prop) {
        const close = suggest(e.key, Object.keys(s.properties));
        out.push({ from: e.keyFrom, to: e.keyTo, severity: 'error',
          message: `unknown field "${pathText(here)}"` + (close ? ` (did you mean "${close}"?)` : '') });
        continue;
      }
      checkNode(schemas, prop, e.value, here, out);
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      checkNode(schemas, s.additionalProperties, e.value, here, out);
    }
  }
  for (const req of s.required ?? []) {
    if (!seen.has(req)) {
      const first = node.entries[0];
      out.push({ from: first ? first.keyFrom : node.from, to: first ? first.keyTo : node.to, severity: 'error',
        message: `${pathText([...path, req])}: Required value` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Where the cursor is: the path of keys from the document root (indentation based, so it works on
// half-typed lines the parser cannot make sense of yet)

/**
 * @returns {{path: Array<string|number>, key: string|null, word: string, from: number, kind: string|null}}
 *   `key` is set when the cursor is in a value (`key: val|`); otherwise the cursor is on a key.
 */
export function cursorContext(text, pos) {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const docStart = Math.max(0, ...[...text.slice(0, lineStart).matchAll(/^---.*$/gm)].map((m) => m.index + m[0].length + 1));
  let docEnd = text.slice(pos).search(/^---/m);
  docEnd = docEnd < 0 ? text.length : pos + docEnd;
  const kindMatch = /^kind:\s*["']?([A-Za-z]+)/m.exec(text.slice(docStart, docEnd));
  const before = text.slice(lineStart, pos);
  let m = /^(\s*)((?:-\s+)*)([^\s:#][^:#]*?):\s+(["']?)([^"'#]*)$/.exec(before);
  let key = null;
  let word;
  let from;
  let indent;
  let dashes;
  if (m) {
    key = m[3].trim();
    word = m[5];
    from = pos - word.length;
    indent = m[1].length;
    dashes = m[2];
  } else {
    m = /^(\s*)((?:-\s+)*)([^\s:#]*)$/.exec(before);
    if (!m) return null;
    word = m[3];
    from = pos - word.length;
    indent = m[1].length;
    dashes = m[2];
  }
  // Walk up: a list item's dash line, then parent keys at smaller indentation.
  const path = [];
  const dashCount = (dashes.match(/-/g) ?? []).length;
  for (let k = 0; k < dashCount; k++) path.unshift(0);
  let need = dashCount ? indent : indent + dashes.length;
  let inclusive = dashCount > 0; // right below a dash, the parent key may sit at the dash's column
  const lines = text.slice(docStart, lineStart).split('\n');
  for (let i = lines.length - 1; i >= 0 && (need > 0 || inclusive); i--) {
    const line = lines[i];
    if (!line.trim() || /^\s*#/.test(line) || /^---/.test(line)) continue;
    const lm = /^(\s*)((?:-\s*)*)(?:([^\s:#][^:#]*?):(?:\s|$))?/.exec(line);
    const ind = lm[1].length;
    const d = lm[2];
    const n = (d.match(/-/g) ?? []).length;
    const keyCol = ind + d.length;
    if (n) {
      if (!inclusive && keyCol === need) {
        // the first line of the list item our mapping belongs to
        for (let k = 0; k < n; k++) path.unshift(0);
        need = ind;
        inclusive = true;
      } else if (keyCol < need && lm[3] !== undefined) {
        // `- key:` above us: we are inside that key of a list item
        path.unshift(lm[3].trim());
        for (let k = 0; k < n; k++) path.unshift(0);
        need = ind;
        inclusive = true;
      }
      continue;
    }
    if (lm[3] !== undefined && (inclusive ? ind <= need : ind < need)) {
      path.unshift(lm[3].trim());
      need = ind;
      inclusive = false;
    }
  }
  return { path, key, word, from, kind: kindMatch ? kindMatch[1] : null };
}

/** Completion options at `pos`: field names (with descriptions) or enum values. */
export function completions(schemas, text, pos) {
  const ctx = cursorContext(text, pos);
  if (!ctx) return null;
  if (ctx.path.length === 0 && ctx.key === 'kind') {
    return { from: ctx.from, options: Object.keys(VALIDATED_KINDS).map((k) => ({ label: k, type: 'enum' })) };
  }
  if (ctx.path.length === 0 && ctx.key === 'apiVersion') {
    return { from: ctx.from, options: [{ label: 'v1', type: 'enum' }] };
  }
  const root = schemas.root(ctx.kind ?? 'Pod');
  if (!root) return null;
  if (ctx.key !== null) {
    const field = schemas.at(root, [...ctx.path, ctx.key]);
    const values = field?.enum ?? (field?.type === 'boolean' ? ['true', 'false'] : null);
    if (!values) return null;
    return { from: ctx.from, options: values.map((v) => ({ label: String(v), type: 'enum' })) };
  }
  const here = schemas.at(root, ctx.path);
  if (!here?.properties) return null;
  const present = presentKeys(text, pos, ctx);
  const options = Object.entries(here.properties)
    .filter(([name, prop]) => !present.has(name) && !/^Read-only|^Status|^Most recently observed status/.test(prop.description ?? '') && name !== 'status')
    .map(([name, prop]) => {
      const s = schemas.resolve(prop);
      const t = typeName(schemas, s);
      const isBlock = s?.type === 'object' || s?.type === 'array' || (s?.properties && !s.type);
      return {
        label: name,
        type: 'property',
        detail: t,
        info: s?.description ?? '',
        apply: isBlock ? `${name}:` : `${name}: `,
      };
    });
  return { from: ctx.from, options };
}

function presentKeys(text, pos, ctx) {
  // Sibling keys at the same column around the cursor (a rough look, enough to hide duplicates).
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const col = pos - lineStart - ctx.word.length;
  const keys = new Set();
  const lines = text.split('\n');
  const row = text.slice(0, lineStart).split('\n').length - 1;
  for (const dir of [-1, 1]) {
    for (let i = row + dir; i >= 0 && i < lines.length; i += dir) {
      const line = lines[i];
      if (!line.trim()) continue;
      const m = /^(\s*(?:-\s+)*)([^\s:#][^:#]*?):/.exec(line);
      const ind = /^\s*/.exec(line)[0].length;
      if (m && m[1].length === col) {
        keys.add(m[2].trim());
        if (/-/.test(m[1])) break; // the first key of this list item
      } else if (ind < col) {
        break;
      }
    }
  }
  return keys;
}

/** The schema entry for the key under `pos` (for hover): {path, schema, from, to} or null. */
export function fieldAt(schemas, text, tree, pos) {
  for (const doc of documents(tree, text)) {
    if (pos < doc.from || pos > doc.to || !doc.body || doc.body.t !== 'map') continue;
    const kindE = doc.body.entries.find((e) => e.key === 'kind');
    const root = schemas.root(kindE?.value?.text ?? 'Pod');
    if (!root) return null;
    const found = findKey(doc.body, pos, []);
    if (!found) return null;
    const schema = schemas.at(root, found.path);
    return schema ? { ...found, schema } : null;
  }
  return null;
}

function findKey(node, pos, path) {
  if (!node) return null;
  if (node.t === 'map') {
    for (const e of node.entries) {
      if (pos >= e.keyFrom && pos <= e.keyTo) return { path: [...path, e.key], from: e.keyFrom, to: e.keyTo };
      if (e.value && pos >= e.value.from && pos <= e.value.to) return findKey(e.value, pos, [...path, e.key]);
    }
  } else if (node.t === 'seq') {
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i];
      if (pos >= it.from && pos <= it.to) return findKey(it, pos, [...path, i]);
    }
  }
  return null;
}
