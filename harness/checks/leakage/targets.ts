import type { Node } from './ast.js';
import { evalExpr, indexParts } from './expressions.js';
import type { Frame, State } from './state.js';
import { allLabels, union, without, type Value } from './values.js';

/** Assigns a value to a target: a name, an attribute, a subscript or a tuple pattern. */
export function bindTarget(st: State, fr: Frame, target: Node | null | undefined, v: Value): void {
  if (!target) return;
  switch (target.type) {
    case 'identifier': fr.vars.set(target.text, v); return;
    case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list': case 'expression_list': {
      const targets = target.namedChildren.filter((c) => c.type !== 'comment');
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
      targets.forEach((t, i) => {
        const item = v.items && v.items.length === targets.length && star < 0 ? v.items[i]! : { labels: allLabels(v) };
        bindTarget(st, fr, t.type === 'list_splat_pattern' ? t.namedChildren[0] : t, item);
      });
      return;
    }
    case 'parenthesized_expression': bindTarget(st, fr, target.namedChildren[0], v); return;
    case 'attribute': {
      const objNode = target.childForFieldName('object');
      const attr = target.childForFieldName('attribute')?.text ?? '';
      const obj = evalExpr(st, fr, objNode);
      if (obj.object && obj.fields) { obj.fields.set(attr, v); return; }
      if (objNode?.type === 'identifier') {
        const fields = new Map(obj.fields ?? []);
        fields.set(attr, v);
        fr.vars.set(objNode.text, { ...obj, fields });
      }
      return;
    }
    case 'subscript': {
      const baseNode = target.childForFieldName('value');
      const base = evalExpr(st, fr, baseNode);
      const parts = indexParts(target);
      const key = parts.length === 1 ? evalExpr(st, fr, parts[0]) : undefined;
      if (key?.str !== undefined && (base.fields || base.labels.size === 0)) {
        const fields = base.object ? base.fields! : new Map(base.fields ?? []);
        fields.set(key.str, v);
        if (!base.object) assignTo(st, fr, baseNode, { ...base, fields, labels: without(union(base.labels, allLabels(v)), (l) => l === 'E') });
        return;
      }
      assignTo(st, fr, baseNode, { ...base, labels: without(union(base.labels, allLabels(v)), (l) => l === 'E') });
      return;
    }
    default: return;
  }
}

/** Writes back to a name or attribute that was updated in place (append, x[i] = ...). */
export function assignTo(st: State, fr: Frame, node: Node | null | undefined, v: Value): void {
  if (!node) return;
  if (node.type === 'identifier') {
    if (fr.vars.has(node.text) || !fr.globals.has(node.text) || fr.vars === fr.globals) fr.vars.set(node.text, v);
    else fr.globals.set(node.text, v);
  } else if (node.type === 'attribute' || node.type === 'subscript') bindTarget(st, fr, node, v);
}

