import fs from 'node:fs';
import path from 'node:path';

const DOMAIN = path.resolve(__dirname, '../../domain');
const FORBIDDEN = [/^express/, /^@mikro-orm\//, /^mysql2/, /^libsql/, /^passport/, /^pino/, /^node:(fs|http|net|child_process)/, /\/api\//, /^\.\.\/\.\.\/api/];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture: domain/ is a pure core', () => {
  it('no file under domain/ imports Express, MikroORM, a database driver, I/O or api/', () => {
    const offences = sources(DOMAIN).flatMap((file) => {
      const imports = [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      return imports.filter((i) => FORBIDDEN.some((f) => f.test(i))).map((i) => `${path.relative(DOMAIN, file)} imports ${i}`);
    });
    expect(offences).toEqual([]);
  });

  it('the check itself catches a forbidden import', () => {
    expect(FORBIDDEN.some((f) => f.test('@mikro-orm/core'))).toBe(true);
    expect(FORBIDDEN.some((f) => f.test('../../api/db'))).toBe(true);
  });
});
