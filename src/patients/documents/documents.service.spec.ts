import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import type { AppConfig } from '../../config/app-config';
import type { HistoryRepository } from '../history/history.repository';
import type { PatientsService } from '../patients.service';
import { DocumentStorage } from './document-storage';
import type { UploadPart, UploadSource } from './document-upload';
import { DocumentsService } from './documents.service';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
const caller = { id: 'u1' } as AuthUser;

function form(parts: UploadPart[]): UploadSource {
  return {
    isMultipart: () => true,
    parts: async function* () {
      yield* parts;
    } as unknown as UploadSource['parts'],
  };
}

const filePart = (content: Buffer): UploadPart => ({ type: 'file', fieldname: 'file', filename: 'a.pdf', file: Readable.from([content]) });
const field = (name: string, value: string): UploadPart => ({ type: 'field', fieldname: name, value });

/** What stays on disk when the upload fails half-way: nothing. */
describe('DocumentsService.upload', () => {
  let root: string;
  let storage: DocumentStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'documents-spec-'));
    storage = new DocumentStorage({ documents: { storageDir: root, maxBytes: 1024, ephemeral: false } } as AppConfig);
    await storage.onModuleInit();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const files = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);

  function service(insert: jest.Mock) {
    const patients = { findVisible: jest.fn().mockResolvedValue({ id: 'p1' }) } as unknown as PatientsService;
    const history = { insert, findForPatient: jest.fn() } as unknown as HistoryRepository;
    const dataSource = { transaction: (_: string, work: (m: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource;
    return new DocumentsService(dataSource, patients, history, storage);
  }

  it('removes the stored file when the database row cannot be written', async () => {
    const insert = jest.fn().mockRejectedValue(new Error('database gone'));
    await expect(service(insert).upload(caller, 'p1', form([field('title', 'Lab'), field('category', 'lab_result'), filePart(PDF)]))).rejects.toThrow('database gone');
    expect(insert).toHaveBeenCalledTimes(1);
    expect(await files()).toEqual([]);
  });

  it('removes the staged file when the form fields are invalid', async () => {
    const insert = jest.fn();
    await expect(service(insert).upload(caller, 'p1', form([filePart(PDF), field('category', 'selfie')]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ field: 'title' }), expect.objectContaining({ field: 'category' })]),
    });
    expect(insert).not.toHaveBeenCalled();
    expect(await files()).toEqual([]);
  });

  it('refuses a disguised file without keeping any of it', async () => {
    const insert = jest.fn();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    await expect(service(insert).upload(caller, 'p1', form([field('title', 'x'), field('category', 'other'), filePart(html)]))).rejects.toMatchObject({
      code: 'DOCUMENT_TYPE_NOT_ALLOWED',
    });
    expect(await files()).toEqual([]);
  });
});
