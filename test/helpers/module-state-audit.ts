import ts from 'typescript';

/**
 * Module-level state in one module's source: what would be shared by every workflow on a workflow thread once
 * the module is preloaded (src/temporal/workflow-bundler-options.ts). What it reports:
 * - a `let` or `var` at module level (a value any function of the module can change);
 * - a module-level container (an array, object or `new …`) that the module changes: a mutating method
 *   (`push`, `set`, `add`, `sort`, …), an assignment or `delete` into it, or one of its functions handing it out
 *   (`return name`), where a caller could change it;
 * - a module-level regular expression with the `g` or `y` flag (its `lastIndex` is state);
 * - a top-level statement that runs for its effect (it may fill state in another module);
 * - a `static` property or block of a class (a mutable slot on a value every workflow shares).
 * Module-level calls other than the SDK's definitions and the plain schema builders are reported too: their
 * results may hold state the audit cannot see.
 * It reads syntax only, so it is conservative by construction of the rules, not a proof: a container handed to
 * another module's function that changes it is not seen (none does today; exported values are deep-frozen by the
 * SDK, so such a change would throw rather than leak).
 */
export function moduleStateFindings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: string[] = [];
  const report = (node: ts.Node, why: string) =>
    findings.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${why}`);
  const containers = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      if (!(statement.declarationList.flags & ts.NodeFlags.Const)) report(statement, 'let/var at module level');
      for (const declaration of statement.declarationList.declarations) {
        const value = declaration.initializer && unwrap(declaration.initializer);
        if (!value) continue;
        // `const { a, b } = proxyActivities(…)`: the call is checked below; its parts are not tracked.
        const name = ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
        const container =
          ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value) || ts.isNewExpression(value);
        if (!name && container) report(declaration, 'destructured module-level container');
        else if (name && container) containers.add(name);
        else if (
          ts.isRegularExpressionLiteral(value) &&
          /[gy][a-z]*$/.test(value.text.slice(value.text.lastIndexOf('/')))
        )
          report(declaration, `regular expression ${name} with state (g or y flag)`);
        else if (ts.isCallExpression(value) && !knownPureCalls.test(value.expression.getText(file)))
          report(declaration, `module-level call ${value.expression.getText(file)}()`);
      }
    } else if (ts.isExpressionStatement(statement)) {
      report(statement, 'top-level statement run for its effect');
    } else if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members)
        if (
          ts.isClassStaticBlockDeclaration(member) ||
          (ts.isPropertyDeclaration(member) &&
            member.modifiers?.some((each) => each.kind === ts.SyntaxKind.StaticKeyword))
        )
          report(member, `static member of class ${statement.name?.text ?? '(anonymous)'}`);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      containers.has(node.expression.expression.text) &&
      mutators.has(node.expression.name.text)
    )
      report(node, `changes ${node.expression.expression.text} with .${node.expression.name.text}()`);
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
      const target = root(node.left);
      if (target !== node.left && ts.isIdentifier(target) && containers.has(target.text))
        report(node, `assigns into ${target.text}`);
    }
    if (ts.isDeleteExpression(node)) {
      const target = root(node.expression);
      if (ts.isIdentifier(target) && containers.has(target.text)) report(node, `deletes from ${target.text}`);
    }
    if (ts.isReturnStatement(node) && node.expression) {
      const value = unwrap(node.expression);
      if (ts.isIdentifier(value) && containers.has(value.text)) report(node, `hands out ${value.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

// The SDK's definitions (each returns a value that holds no workflow's state: proxies resolve the workflow at
// call time) and src/domain/plain-schema.ts's checker builders (closures over their options).
const knownPureCalls =
  /^(defineSignal|defineQuery|defineUpdate|proxyActivities|proxyLocalActivities|defineSearchAttributeKey|nexus\.service|string|strictObject)$/;

const mutators = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'add',
  'set',
  'delete',
  'clear',
]);

const isAssignment = (kind: ts.SyntaxKind) =>
  kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;

function unwrap(expression: ts.Expression): ts.Expression {
  let value = expression;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))
    value = value.expression;
  return value;
}

/** `a` of `a.b[c].d`. */
function root(expression: ts.Expression): ts.Expression {
  let value = unwrap(expression);
  while (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) value = unwrap(value.expression);
  return value;
}
