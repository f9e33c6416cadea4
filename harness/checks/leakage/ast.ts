import type { Tree } from 'web-tree-sitter';

/**
 * A plain JavaScript copy of the tree-sitter syntax tree. The analysis visits nodes
 * many times (two passes, loops twice, functions per call context); reading wasm-backed
 * nodes each time was four times slower than copying the tree once.
 */
export class Node {
  readonly children: Node[] = [];
  readonly namedChildren: Node[] = [];
  parent: Node | null = null;
  private fields = new Map<string, Node[]>();
  private cachedText: string | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    private readonly endIndex: number,
    readonly startPosition: { row: number; column: number },
    private readonly source: Buffer,
  ) {}

  get text(): string {
    this.cachedText ??= this.source.toString('utf8', this.startIndex, this.endIndex);
    return this.cachedText;
  }

  add(child: Node, field: string | null): void {
    child.parent = this;
    this.children.push(child);
    if (child.isNamed) this.namedChildren.push(child);
    if (field) {
      const list = this.fields.get(field);
      if (list) list.push(child); else this.fields.set(field, [child]);
    }
  }

  childForFieldName(name: string): Node | null {
    return this.fields.get(name)?.[0] ?? null;
  }

  childrenForFieldName(name: string): Node[] {
    return this.fields.get(name) ?? [];
  }

  descendantsOfType(types: string | string[]): Node[] {
    const want = new Set(Array.isArray(types) ? types : [types]);
    const out: Node[] = [];
    const stack: Node[] = [...this.children].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (want.has(n.type)) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
    return out;
  }
}

/** Punctuation the analysis never reads; leaving it out makes the copy a third smaller. */
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=', '->', '@']);

/** Copies a tree with one cursor walk; byte offsets index the UTF-8 source, as tree-sitter's do. */
export function copyTree(tree: Tree, text: string): Node {
  const source = Buffer.from(text, 'utf8');
  const cursor = tree.walk();
  const make = () => new Node(cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex,
    { row: cursor.startPosition.row, column: cursor.startPosition.column }, source);
  const root = make();
  const stack: Node[] = [root];
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const type = cursor.nodeType;
      if (!PUNCTUATION.has(type) || cursor.nodeIsNamed) {
        const node = make();
        stack[stack.length - 1]!.add(node, cursor.currentFieldName);
        if (cursor.gotoFirstChild()) { stack.push(node); continue; }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length === 1) { cursor.delete(); return root; }
        stack.pop();
      }
    }
  }
  cursor.delete();
  return root;
}
