import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Module boundaries. Each bounded context is a folder under src/ whose index.ts is its public
 * surface: another context imports it only through that index. The shared kernel (src/common)
 * depends on no context at all.
 */
export const CONTEXTS = ['identity', 'icd10', 'patients', 'clinical-workflow', 'pharmacy', 'inventory', 'routing', 'medical-aid', 'analytics'];

const SRC = resolve(__dirname, '..');
const ROOT = resolve(SRC, '..');

/** The top-level folder under src/ a path lies in (null for src/*.ts itself or outside src/). */
function topFolder(absolute: string): string | null {
  const rel = relative(SRC, absolute);
  if (rel.startsWith('..') || rel === '') return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : null;
}

/**
 * Where an import specifier points inside the repository, without extension: relative specifiers
 * and `src/...` ones (tsconfig's baseUrl is the repository root). Packages give null.
 */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier);
  if (specifier === 'src' || specifier.startsWith('src/')) return resolve(ROOT, specifier);
  return null;
}

/** Why importing `specifier` from `fromFile` breaks a boundary, or null when it is fine. */
export function boundaryViolation(fromFile: string, specifier: string): string | null {
  const target = resolveSpecifier(fromFile, specifier);
  if (target === null) return null;
  const from = topFolder(fromFile);
  const to = topFolder(target) ?? (CONTEXTS.includes(relative(SRC, target)) ? relative(SRC, target) : null);
  if (to === null || !CONTEXTS.includes(to) || from === to) return null;
  if (from === 'common') return `the shared kernel (src/common) must not depend on the ${to} context`;
  if (from !== null && CONTEXTS.includes(from)) {
    const inside = relative(join(SRC, to), target);
    if (inside !== '' && inside !== 'index') return `the ${from} context may use ${to} only through its index ('${to}'), not '${specifier}'`;
  }
  return null;
}

/** Every module specifier a file names: imports, re-exports, `import type`, import() and require(). */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('architecture: module boundaries', () => {
  describe('the rule itself', () => {
    const file = (path: string) => join(SRC, path);

    it.each([
      ['patients/patient.service.ts', '../identity'],
      ['patients/patient.service.ts', '../identity/index'],
      ['patients/sub/patient.service.ts', '../../identity'],
      ['patients/patient.service.ts', '../common/auth/auth.decorators'],
      ['patients/patient.service.ts', './patient.entity'],
      ['patients/patient.service.ts', '../config/app-config'],
      ['identity/users.service.ts', './user.entity'],
      ['common/audit/audit.service.ts', '../pagination/pagination'],
      ['app.module.ts', './identity/identity.module'],
      ['cli/seed.ts', '../identity/password-policy'],
      ['patients/patient.service.ts', '@nestjs/common'],
    ])('allows %s to import %s', (from, specifier) => {
      expect(boundaryViolation(file(from), specifier)).toBeNull();
    });

    it.each([
      ['patients/patient.service.ts', '../identity/user.entity'],
      ['patients/patient.service.ts', '../identity/sub/deep'],
      ['patients/sub/patient.service.ts', '../../identity/users.service'],
      ['pharmacy/dispense.service.ts', 'src/inventory/stock.entity'],
      ['medical-aid/claims.service.ts', '../clinical-workflow/visit.entity'],
      ['common/audit/audit.service.ts', '../../identity'],
      ['common/audit/audit.service.ts', '../../identity/user.entity'],
      ['common/openapi/openapi.ts', 'src/patients'],
    ])('refuses %s importing %s', (from, specifier) => {
      expect(boundaryViolation(file(from), specifier)).not.toBeNull();
    });

    it('sees every kind of import', () => {
      const text = [
        "import { A } from '../identity/a';",
        "import type { B } from '../identity/b';",
        "export { C } from '../identity/c';",
        "export * from '../identity/d';",
        "const e = require('../identity/e');",
        "const f = await import('../identity/f');",
        "import '../identity/g';",
      ].join('\n');
      expect(importsOf(text).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => `../identity/${x}`));
    });
  });

  it('holds for every file under src/', () => {
    const files = tsFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const violations: string[] = [];
    let checked = 0;
    for (const path of files) {
      for (const specifier of importsOf(readFileSync(path, 'utf8'))) {
        checked += 1;
        const why = boundaryViolation(path, specifier);
        if (why) violations.push(`${relative(ROOT, path)}: imports '${specifier}': ${why}`);
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(violations).toEqual([]);
  });
});
