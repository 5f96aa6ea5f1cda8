import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ValidationFailedError } from '../../src/common/errors/domain-errors';
import { Icd10Service } from '../../src/icd10';
import { importIcd10Csv } from '../../src/icd10/icd10-importer';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'icd10-sample.csv');

const DTO_KEYS = [
  'active',
  'ageMaxYears',
  'ageMinYears',
  'chapter',
  'code',
  'description',
  'isAsterisk',
  'isDagger',
  'sexRestriction',
  'validClinicalUse',
  'validPrimary',
];

describe('ICD-10 codes', () => {
  let t: TestApp;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    // Reference data for every signed-in role: the viewer has the fewest permissions.
    token = await t.tokenFor('viewer');
    dir = mkdtempSync(join(tmpdir(), 'icd10-e2e-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);
  const codes = (res: Response) => (res.body.data as { code: string }[]).map((c) => c.code);

  function expectValidationError(res: Response): string[] {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))];
  }

  describe('seed', () => {
    it('holds at least 400 codes, categories flagged as not valid for clinical use', async () => {
      const [{ n }] = await t.db.query('SELECT COUNT(*) AS n FROM icd10_codes');
      expect(Number(n)).toBeGreaterThanOrEqual(400);
      const res = await get('/api/v1/icd10?perPage=1').expect(200);
      expect(res.body.meta.total).toBe(Number(n));
      const e11 = await get('/api/v1/icd10/E11').expect(200);
      expect(e11.body).toMatchObject({ code: 'E11', description: 'Type 2 diabetes mellitus', chapter: 'IV', validClinicalUse: false });
    });
  });

  describe('GET /icd10', () => {
    it('answers 401 without a token', async () => {
      const res = await t.http().get('/api/v1/icd10?q=e11');
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('INVALID_TOKEN');
      await t.http().get('/api/v1/icd10/E11.9').expect(401);
    });

    it('finds codes by prefix, case-insensitive, dot optional', async () => {
      expect(codes(await get('/api/v1/icd10?q=e119').expect(200))).toEqual(['E11.9']);
      const e11 = await get('/api/v1/icd10?q=E11').expect(200);
      expect(codes(e11)).toEqual(['E11', 'E11.0', 'E11.1', 'E11.2', 'E11.3', 'E11.4', 'E11.5', 'E11.6', 'E11.7', 'E11.8', 'E11.9']);
      expect(Object.keys(e11.body.data[0]).sort()).toEqual(DTO_KEYS);
      const usable = await get('/api/v1/icd10?q=e11&validForClinicalUse=true').expect(200);
      expect(codes(usable)).not.toContain('E11');
      expect(usable.body.meta.total).toBe(10);
      expect(codes(await get('/api/v1/icd10?q=e11&validForClinicalUse=false').expect(200))).toEqual(['E11']);
    });

    it('finds codes by words of the description, all of them, in any order', async () => {
      const diabetes = codes(await get('/api/v1/icd10?q=diabetes%20TYPE%202&perPage=100').expect(200));
      expect(diabetes).toContain('E11.9');
      expect(diabetes.every((c) => c.startsWith('E11'))).toBe(true);
      const lung = codes(await get(`/api/v1/icd10?q=${encodeURIComponent('lung, tuberculosis of')}&perPage=100`).expect(200));
      expect(lung).toEqual(expect.arrayContaining(['A15.0', 'A16.2']));
      expect(lung).not.toContain('A15.4');
      // Prefixes of words, and words shorter than the FULLTEXT minimum token size.
      expect(codes(await get('/api/v1/icd10?q=chron%20kidn%205').expect(200))).toEqual(['N18.5']);
      expect(codes(await get('/api/v1/icd10?q=hiv%20wasting').expect(200))).toEqual(['B22.2']);
      expect(codes(await get('/api/v1/icd10?q=nothing%20matches%20this').expect(200))).toEqual([]);
      expect((await get('/api/v1/icd10?q=%2B%2A%28%29').expect(200)).body.meta.total).toBe(0);
    });

    it('pages the results', async () => {
      const page2 = await get('/api/v1/icd10?q=E11&page=2&perPage=4').expect(200);
      expect(codes(page2)).toEqual(['E11.3', 'E11.4', 'E11.5', 'E11.6']);
      expect(page2.body.meta).toEqual({ total: 11, page: 2, perPage: 4, totalPages: 3, hasNext: true, hasPrev: true });
      const page3 = await get('/api/v1/icd10?q=E11&page=3&perPage=4').expect(200);
      expect(codes(page3)).toEqual(['E11.7', 'E11.8', 'E11.9']);
      expect(page3.body.meta.hasNext).toBe(false);
    });

    it.each([
      ['perPage=1000', 'perPage'],
      ['page=0', 'page'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['validForClinicalUse=maybe', 'validForClinicalUse'],
      ['sort=code', 'sort'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      expect(expectValidationError(await get(`/api/v1/icd10?${query}`))).toEqual([field]);
    });
  });

  describe('GET /icd10/:code', () => {
    it('returns one code, however it is written', async () => {
      const res = await get('/api/v1/icd10/o809').expect(200);
      expect(res.body).toEqual({
        code: 'O80.9',
        description: 'Single spontaneous delivery, unspecified',
        chapter: 'XV',
        validClinicalUse: true,
        validPrimary: true,
        isAsterisk: false,
        isDagger: false,
        sexRestriction: 'female',
        ageMinYears: 12,
        ageMaxYears: 55,
        active: true,
      });
      expect((await get('/api/v1/icd10/G63.2').expect(200)).body).toMatchObject({ isAsterisk: true, validPrimary: false });
    });

    it('answers 404 for an unknown code and 400 for something that is not a code', async () => {
      const missing = await get('/api/v1/icd10/Z99.9');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('NOT_FOUND');
      expect(expectValidationError(await get('/api/v1/icd10/not-a-code'))).toEqual(['code']);
    });
  });

  describe('Icd10Service for other contexts', () => {
    const woman = { sex: 'female' as const, dateOfBirth: '1990-06-01', onDate: new Date('2026-03-15T10:00:00Z') };

    it('resolves valid diagnoses against the table', async () => {
      const resolved = await t.app.get(Icd10Service).validateDiagnoses(woman, [
        { code: 's525', primary: true },
        { code: 'W01.0', primary: false },
      ]);
      expect(resolved).toEqual([
        { code: 'S52.5', description: 'Fracture of lower end of radius', primary: true },
        { code: 'W01.0', description: 'Fall on same level from slipping, tripping and stumbling, at home', primary: false },
      ]);
    });

    it('throws ValidationFailedError with field details', async () => {
      const failure = await t.app
        .get(Icd10Service)
        .validateDiagnoses({ ...woman, sex: 'male' }, [
          { code: 'E11', primary: true },
          { code: 'O80.9', primary: false },
          { code: 'ZZ', primary: false },
        ])
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ValidationFailedError);
      expect((failure as ValidationFailedError).details?.map((d) => d.field)).toEqual(['diagnoses[0].code', 'diagnoses[1].code', 'diagnoses[2].code']);
      await expect(t.app.get(Icd10Service).requireUsableCode('i10', 'conditions[0].code')).resolves.toEqual({
        code: 'I10',
        description: 'Essential (primary) hypertension',
      });
      await expect(t.app.get(Icd10Service).requireUsableCode('E11', 'conditions[0].code')).rejects.toBeInstanceOf(ValidationFailedError);
    });
  });

  // Last: these change the table the searches above read.
  describe('import', () => {
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    it('upserts the sample file, then finds nothing to change on a second run', async () => {
      const stamp = "SELECT updated_at AS stamp FROM icd10_codes WHERE code = 'I10'";
      const [before] = await t.db.query(stamp);
      const first = await importIcd10Csv(t.db, FIXTURE);
      expect(first).toEqual({ rows: 13, inserted: 10, updated: 1, unchanged: 2, rejected: [], written: true });
      expect(await t.db.query(stamp)).toEqual([before]);
      expect((await get('/api/v1/icd10/E11.9').expect(200)).body.description).toBe('Type 2 diabetes mellitus, without complications');
      expect((await get('/api/v1/icd10/A00.0').expect(200)).body).toMatchObject({ chapter: 'I', validClinicalUse: true });
      expect((await get('/api/v1/icd10/P08.2').expect(200)).body).toMatchObject({ ageMinYears: 0, ageMaxYears: 0 });
      // A retired code can still be read, but search no longer offers it.
      expect((await get('/api/v1/icd10/A90').expect(200)).body.active).toBe(false);
      expect(codes(await get('/api/v1/icd10?q=dengue').expect(200))).toEqual([]);
      expect(codes(await get('/api/v1/icd10?q=cholera&perPage=10').expect(200))).toEqual(['A00', 'A00.0', 'A00.1', 'A00.9']);

      expect(await importIcd10Csv(t.db, FIXTURE)).toEqual({ rows: 13, inserted: 0, updated: 0, unchanged: 13, rejected: [], written: true });
    });

    it('writes nothing when a row is rejected, unless told to load the others', async () => {
      const path = file('with-rejects.csv', 'code,description\nB33.0,Epidemic myalgia\nB3.1,Bad code\n');
      const refused = await importIcd10Csv(t.db, path);
      expect(refused).toMatchObject({ written: false, inserted: 0, rejected: [{ line: 3, code: 'B3.1' }] });
      expect(await t.db.query("SELECT code FROM icd10_codes WHERE code = 'B33.0'")).toEqual([]);
      const allowed = await importIcd10Csv(t.db, path, { allowRejects: true });
      expect(allowed).toMatchObject({ written: true, inserted: 1, rejected: [{ line: 3 }] });
      await get('/api/v1/icd10/B33.0').expect(200);
    });

    it('runs as npm run icd10:import, with exit codes for usage, bad files and success', () => {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', 'src/cli/icd10-import.ts', ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NODE_ENV: 'test', DB_NAME: t.config.db.name, LOG_LEVEL: 'silent' },
        });
      const help = run('--help');
      expect({ status: help.status, usage: help.stdout.includes('WHO_Full_Desc') }).toEqual({ status: 0, usage: true });
      expect(run().status).toBe(64);
      const bad = run(file('no-description.csv', 'code\nE11.9\n'));
      expect({ status: bad.status, stderr: bad.stderr }).toEqual({ status: 65, stderr: expect.stringContaining('has no description column') });
      const good = run(FIXTURE);
      expect({ status: good.status, stdout: good.stdout }).toEqual({
        status: 0,
        stdout: expect.stringContaining('13 rows read: 0 inserted, 0 updated, 13 unchanged, 0 rejected.'),
      });
    });
  });
});
