import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { PatientHistoryService } from '../../src/patients';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { startTestApp, TestApp } from '../support/test-app';

const MAX_BYTES = 64 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// A real (minimal) PDF and a real 1x1 PNG: what matters is that they start with the true signatures.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let sequence = 4000;
function saIdFor(dateOfBirth: string): string {
  sequence += 1;
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(sequence).padStart(4, '0')}08`;
  return prefix + luhnCheckDigit(prefix);
}

/** Uploads checked by content, stored on disk with a checksum, downloaded after a permission check and audited. */
describe('patient documents', () => {
  let t: TestApp;
  let national: string;
  let nurse: string;
  let clerk: string;
  let viewer: string;
  let patientId: string;
  let otherClinicPatientId: string;
  let storageDir: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const upload = (token: string, id: string, file: Buffer | null, opts: { filename?: string; contentType?: string; title?: string; category?: string } = {}) => {
    const req = t.http().post(`/api/v1/patients/${id}/documents`).set(auth(token));
    if (opts.title !== undefined || !('title' in opts)) req.field('title', opts.title ?? 'FBC results');
    if (opts.category !== undefined || !('category' in opts)) req.field('category', opts.category ?? 'lab_result');
    if (file) req.attach('file', file, { filename: opts.filename ?? 'results.pdf', contentType: opts.contentType ?? 'application/pdf' });
    return req;
  };
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const stagingIsEmpty = () => readdirSync(join(storageDir, 'staging')).length === 0;
  const registerPatient = async (token: string, clinicId: string) =>
    (
      await t
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .send({ firstName: 'Dineo', lastName: 'Doctest', dateOfBirth: '1985-06-07', sex: 'female', identityType: 'sa_id', identityNumber: saIdFor('1985-06-07'), registeredClinicId: clinicId })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_MAX_BYTES: String(MAX_BYTES) });
    storageDir = t.config.documents.storageDir;
    [national, nurse, clerk, viewer] = await Promise.all(['admin', 'nurse', 'clerk', 'viewer'].map((r) => t.tokenFor(r)));
    const [clinicA] = await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'");
    patientId = await registerPatient(clerk, clinicA.id);
    const limpopo = (await t.db.query("SELECT id FROM provinces WHERE code = 'LP'"))[0].id;
    const district = (await t.http().post('/api/v1/districts').set(auth(national)).send({ provinceId: limpopo, name: 'Vhembe' }).expect(201)).body;
    const clinicB = (
      await t.http().post('/api/v1/clinics').set(auth(national)).send({ code: 'LP-VHE-001', name: 'Thohoyandou Clinic', kind: 'fixed', districtId: district.id }).expect(201)
    ).body;
    otherClinicPatientId = await registerPatient(national, clinicB.id);
  });
  afterAll(async () => {
    await t.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  describe('upload and download', () => {
    let pdfId: string;

    it('stores a PDF outside the database with its SHA-256, under a random name', async () => {
      const res = await upload(nurse, patientId, PDF, { filename: 'FBC März.pdf' }).expect(201);
      pdfId = res.body.id;
      expect(res.body).toMatchObject({
        patientId,
        title: 'FBC results',
        category: 'lab_result',
        originalFileName: 'FBC März.pdf',
        mimeType: 'application/pdf',
        sizeBytes: PDF.length,
        sha256: sha256(PDF),
        status: 'current',
      });
      const [row] = await t.db.query('SELECT storage_key, sha256, size_bytes FROM patient_documents WHERE id = ?', [pdfId]);
      expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
      expect(row.storage_key).not.toContain('FBC');
      expect(await readFile(join(storageDir, row.storage_key))).toEqual(PDF);
      expect(stagingIsEmpty()).toBe(true);
    });

    it('detects a PNG from its content, whatever the name and declared type say', async () => {
      const res = await upload(clerk, patientId, PNG, { filename: 'scan.pdf', contentType: 'application/pdf', title: 'ID copy', category: 'id_copy' }).expect(201);
      expect(res.body).toMatchObject({ mimeType: 'image/png', sizeBytes: PNG.length, sha256: sha256(PNG), category: 'id_copy' });
    });

    it('downloads the same bytes as an attachment, and audits the download', async () => {
      const res = await t
        .http()
        .get(`/api/v1/patients/${patientId}/documents/${pdfId}/content`)
        .set(auth(viewer))
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="FBC Marz.pdf"; filename*=UTF-8''FBC%20M%C3%A4rz.pdf`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      const audit = await t.db.query('SELECT action, resource_type, resource_id, status_code, outcome FROM audit_log WHERE request_id = ?', [res.headers['x-request-id']]);
      expect(audit).toEqual([{ action: 'downloadPatientDocument', resource_type: 'patient', resource_id: patientId, status_code: 200, outcome: 'success' }]);
    });

    it('lists documents newest first and shows one', async () => {
      const list = await t.http().get(`/api/v1/patients/${patientId}/documents`).set(auth(viewer)).expect(200);
      expect(list.body.data.map((d: { mimeType: string }) => d.mimeType)).toEqual(['image/png', 'application/pdf']);
      expect(list.body.data[0]).not.toHaveProperty('storageKey');
      const filtered = await t.http().get(`/api/v1/patients/${patientId}/documents?category=lab_result`).set(auth(viewer)).expect(200);
      expect(filtered.body.data.map((d: { id: string }) => d.id)).toEqual([pdfId]);
      await t.http().get(`/api/v1/patients/${patientId}/documents/${pdfId}`).set(auth(viewer)).expect(200);
    });

    it('refuses to serve a file that no longer matches its checksum', async () => {
      const doc = (await upload(nurse, patientId, PDF, { title: 'To corrupt' }).expect(201)).body;
      const [row] = await t.db.query('SELECT storage_key FROM patient_documents WHERE id = ?', [doc.id]);
      const path = join(storageDir, row.storage_key);
      await writeFile(path, Buffer.concat([PDF.subarray(0, PDF.length - 2), Buffer.from('!!')]));
      const res = await t.http().get(`/api/v1/patients/${patientId}/documents/${doc.id}/content`).set(auth(viewer)).expect(500);
      expect(res.body.error).toBe('DOCUMENT_INTEGRITY_FAILED');
      await rm(path);
      await t.http().get(`/api/v1/patients/${patientId}/documents/${doc.id}/content`).set(auth(viewer)).expect(500);
    });

    it('marks a document entered in error; the row and the file stay', async () => {
      const doc = (await upload(nurse, patientId, PNG, { filename: 'wrong.png', contentType: 'image/png', title: 'Wrong patient', category: 'other' }).expect(201)).body;
      const res = await t
        .http()
        .post(`/api/v1/patients/${patientId}/documents/${doc.id}/entered-in-error`)
        .set(auth(clerk))
        .send({ reason: 'Scanned for the wrong patient' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'entered_in_error', statusReason: 'Scanned for the wrong patient' });
      const ids = (await t.http().get(`/api/v1/patients/${patientId}/documents`).set(auth(viewer)).expect(200)).body.data.map((d: { id: string }) => d.id);
      expect(ids).not.toContain(doc.id);
      const [row] = await t.db.query('SELECT storage_key FROM patient_documents WHERE id = ?', [doc.id]);
      expect(existsSync(join(storageDir, row.storage_key))).toBe(true);
    });

    it('lets the Clinical Workflow require a document of the patient (and only of that patient)', async () => {
      const history = t.app.get(PatientHistoryService);
      await expect(t.db.transaction((m) => history.requireDocument(m, patientId, pdfId))).resolves.toEqual({ id: pdfId });
      await expect(t.db.transaction((m) => history.requireDocument(m, otherClinicPatientId, pdfId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('refused uploads', () => {
    it('refuses an HTML page or an executable dressed up as a PDF (415), storing nothing', async () => {
      const before = Number((await t.db.query('SELECT COUNT(*) AS n FROM patient_documents'))[0].n);
      const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00', 'latin1'), Buffer.alloc(2048, 0x41)]);
      for (const file of [html, exe]) {
        const res = await upload(nurse, patientId, file, { filename: 'report.pdf', contentType: 'application/pdf' }).expect(415);
        expect(res.body).toMatchObject({ statusCode: 415, error: 'DOCUMENT_TYPE_NOT_ALLOWED' });
        expect(res.body.message).toContain('application/pdf');
      }
      expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM patient_documents'))[0].n)).toBe(before);
      expect(stagingIsEmpty()).toBe(true);
    });

    it('refuses a file over the size limit with 413, storing nothing', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES, 0x20)]);
      const res = await upload(nurse, patientId, big).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'DOCUMENT_TOO_LARGE', message: 'The file is larger than the limit of 64 KiB' });
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      expect(stagingIsEmpty()).toBe(true);
      // Exactly at the limit is fine.
      await upload(nurse, patientId, Buffer.concat([PDF, Buffer.alloc(MAX_BYTES - PDF.length, 0x20)])).expect(201);
    });

    it('refuses missing or bad fields, a missing file, two files and an empty file with field details', async () => {
      expect(fields(await upload(nurse, patientId, PDF, { title: '', category: 'selfie' }))).toEqual(['category', 'title']);
      expect(fields(await upload(nurse, patientId, null))).toEqual(['file']);
      const noFields = t.http().post(`/api/v1/patients/${patientId}/documents`).set(auth(nurse)).attach('file', PDF, 'a.pdf');
      expect(fields(await noFields)).toEqual(['category', 'title']);
      const unknownField = upload(nurse, patientId, PDF).field('patientId', patientId);
      expect(fields(await unknownField)).toEqual(['patientId']);
      const two = upload(nurse, patientId, PDF).attach('file', PNG, 'b.png');
      expect(fields(await two)).toEqual(['file']);
      const wrongName = t.http().post(`/api/v1/patients/${patientId}/documents`).set(auth(nurse)).field('title', 'x').field('category', 'other').attach('document', PDF, 'a.pdf');
      expect(fields(await wrongName)).toEqual(['document', 'file']);
      expect((await upload(nurse, patientId, Buffer.alloc(0), { filename: 'empty.pdf' })).status).toBe(415);
      expect(stagingIsEmpty()).toBe(true);
    });

    it('refuses a malformed or cut-off form with 400, not a 500', async () => {
      const boundary = 'b0undary';
      const cutOff =
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then nothing`;
      for (const body of [cutOff, 'not a form at all']) {
        const res = await t
          .http()
          .post(`/api/v1/patients/${patientId}/documents`)
          .set(auth(nurse))
          .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
          .send(body)
          .expect(400);
        expect(res.body.error).toBe('MULTIPART_MALFORMED');
      }
      expect(stagingIsEmpty()).toBe(true);
    });

    it('refuses a JSON body with 415', async () => {
      const res = await t.http().post(`/api/v1/patients/${patientId}/documents`).set(auth(nurse)).send({ title: 'x', category: 'other' }).expect(415);
      expect(res.body.error).toBe('MULTIPART_REQUIRED');
    });

    it('lets only documents:write upload (viewer 403), and only within scope (404)', async () => {
      expect((await upload(viewer, patientId, PDF).expect(403)).body.error).toBe('MISSING_PERMISSION');
      await upload(nurse, otherClinicPatientId, PDF).expect(404);
      await upload(nurse, '00000000-0000-4000-8000-000000000000', PDF).expect(404);
      await t.http().post(`/api/v1/patients/${patientId}/documents/00000000-0000-4000-8000-000000000000/entered-in-error`).set(auth(viewer)).send({ reason: 'xyz' }).expect(403);
    });

    it("answers 404 for another patient's or another clinic's document", async () => {
      const theirs = (await upload(national, otherClinicPatientId, PDF).expect(201)).body;
      await t.http().get(`/api/v1/patients/${patientId}/documents/${theirs.id}/content`).set(auth(nurse)).expect(404);
      await t.http().get(`/api/v1/patients/${otherClinicPatientId}/documents/${theirs.id}/content`).set(auth(nurse)).expect(404);
      await t.http().get(`/api/v1/patients/${patientId}/documents/${theirs.id}`).set(auth(national)).expect(404);
      await t.http().get(`/api/v1/patients/${otherClinicPatientId}/documents/${theirs.id}/content`).set(auth(national)).expect(200);
    });

    it('refuses malformed ids and queries with field details', async () => {
      expect(fields(await t.http().get(`/api/v1/patients/${patientId}/documents/nope/content`).set(auth(viewer)))).toEqual(['documentId']);
      expect(fields(await t.http().get(`/api/v1/patients/${patientId}/documents?category=x&perPage=500`).set(auth(viewer)))).toEqual(['category', 'perPage']);
      expect(fields(await t.http().post(`/api/v1/patients/${patientId}/documents/nope/entered-in-error`).set(auth(nurse)).send({ reason: 'xyz' }))).toEqual(['documentId']);
    });
  });
});
