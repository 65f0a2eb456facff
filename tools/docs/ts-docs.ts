/**
 * The doc comments of an interface's properties, read from the TypeScript source with the
 * compiler API: the reference tables say what the code's own comments say, so they cannot drift.
 */
import fs from 'node:fs';
import ts from 'typescript';

export function interfaceDocs(file: string, name: string): Record<string, string> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const docs: Record<string, string> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const comments = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
        const text = comments.map((c) => ts.getTextOfJSDocComment(c.comment) ?? '').join(' ');
        docs[member.name.getText(source)] = text.replace(/\s+/g, ' ').trim();
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (Object.keys(docs).length === 0) throw new Error(`${file} has no interface ${name} with properties`);
  return docs;
}
