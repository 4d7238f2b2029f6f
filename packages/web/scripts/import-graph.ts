/**
 * The web app's own import graph, as TypeScript resolves it (tsconfig paths such as `@/…` included), and
 * the loops in it. Edges are the imports that run: `import … from`, `export … from` and `import()`; an
 * import of types only is erased by the compiler and cannot make a loop at run time, so it is left out.
 * Used by scripts/check-import-cycles.ts (`npm run check:import-cycles`, part of `make check-web`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";

export type ImportGraph = Map<string, string[]>;

const SKIPPED_DIRS = new Set(["node_modules", ".next", "out", "build"]);

/** The package's own TypeScript sources (declaration files excluded: they hold types only). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (clause === undefined) return false; // `import "./x"`: run for its effects
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  // `import { type A, type B } from` is erased too; a default or namespace import is not.
  return clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0
    ? named.elements.every((element) => element.isTypeOnly)
    : false;
}

/** The module specifiers a file imports at run time. */
export function runtimeImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier) && !isTypeOnly(node)) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier !== undefined && ts.isStringLiteralLike(specifier)) found.push(specifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Each source file of the package under `root` (with its tsconfig.json) and the package files it imports. */
export function importGraph(root: string): ImportGraph {
  const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const targets = runtimeImports(file, readFileSync(file, "utf8")).flatMap((specifier) => {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (resolved === undefined || resolved.isExternalLibraryImport) return [];
      const target = path.resolve(resolved.resolvedFileName);
      return target.startsWith(root + path.sep) && !target.endsWith(".d.ts") ? [target] : [];
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import loop: one cycle (first module repeated at the end) per group of modules that reach each other. */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components, then one concrete loop through each component.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components
    .filter((component) => component.length > 1 || (graph.get(component[0]!) ?? []).includes(component[0]!))
    .map((component) => loopThrough(graph, new Set(component)));
}

function loopThrough(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const path: string[] = [start];
  const seen = new Set<string>([start]);
  const walk = (node: string): boolean => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) return path.push(start) > 0;
      if (!component.has(next) || seen.has(next)) continue;
      seen.add(next);
      path.push(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}
