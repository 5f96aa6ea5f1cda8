import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DocumentType, SNIFF_BYTES, sniffDocumentType } from './content-sniffer';
import { DocumentIntegrityError, DocumentTooLargeError, DocumentTypeNotAllowedError } from './document.errors';

/** A file written to the staging area, checked and hashed, not yet in its final place. */
export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
  type: DocumentType;
}

/** `ab/ab…` : 32 random hex characters under a two-character shard directory. */
const STORAGE_KEY = /^([0-9a-f]{2})\/\1[0-9a-f]{30}$/;

/**
 * Patient documents on disk, outside the database. A file is streamed into a private staging
 * directory (content type sniffed from the first bytes, SHA-256 and size computed on the way), then
 * renamed into place: the rename is atomic on one file system, so a reader never sees half a file.
 * Names are random; the client's file name is only metadata.
 */
@Injectable()
export class DocumentStorage implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DocumentStorage.name);
  private readonly root: string;
  private readonly staging: string;
  readonly maxBytes: number;
  private readonly ephemeral: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ephemeral = config.documents.ephemeral;
    this.root = config.documents.storageDir;
    // Inside the root, so the final rename never crosses a file system.
    this.staging = join(this.root, 'staging');
    this.maxBytes = config.documents.maxBytes;
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ephemeral) await rm(this.root, { recursive: true, force: true });
  }

  /**
   * Streams `file` to the staging area. Refuses content that is not an allowed type (the rest of
   * the stream is drained, not stored) and a stream the multipart parser cut at the size limit.
   */
  async stage(file: Readable & { truncated?: boolean }): Promise<StagedFile> {
    const tempPath = join(this.staging, `${randomUUID()}.part`);
    const handle = await open(tempPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    // undefined: not enough bytes yet to decide; null: refused.
    let type: DocumentType | null | undefined;
    let ok = false;
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (type === null) continue;
        if (type === undefined) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          if (head.length >= SNIFF_BYTES) type = sniffDocumentType(head);
          if (type === null) continue;
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (file.truncated) throw new DocumentTooLargeError(this.maxBytes);
      if (type === undefined) type = sniffDocumentType(head);
      if (!type) throw new DocumentTypeNotAllowedError();
      await handle.sync();
      ok = true;
      return { tempPath, sha256: hash.digest('hex'), size, type };
    } finally {
      await handle.close();
      if (!ok) await rm(tempPath, { force: true });
    }
  }

  /** Moves a staged file to its final, random name and returns that storage key. */
  async commit(staged: StagedFile): Promise<string> {
    const name = randomBytes(16).toString('hex');
    const key = `${name.slice(0, 2)}/${name}`;
    await mkdir(join(this.root, name.slice(0, 2)), { recursive: true, mode: 0o700 });
    await rename(staged.tempPath, this.pathOf(key));
    return key;
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.tempPath, { force: true });
  }

  /** Removes a committed file whose database row could not be written. */
  async remove(key: string): Promise<void> {
    try {
      await rm(this.pathOf(key), { force: true });
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.name : typeof error }, 'Could not remove an orphaned document file');
    }
  }

  /**
   * The whole file, checked against its recorded size and SHA-256 before anything is sent (a
   * corrupted or swapped file is never served). Files are bounded by DOCUMENT_MAX_BYTES, so holding
   * one in memory is bounded too.
   */
  async read(key: string, expected: { size: number; sha256: string }): Promise<Buffer> {
    let content: Buffer;
    try {
      content = await readFile(this.pathOf(key));
    } catch (error) {
      this.logger.error({ code: (error as { code?: string }).code, key }, 'Stored document cannot be read');
      throw new DocumentIntegrityError();
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (content.length !== expected.size || sha256 !== expected.sha256) {
      this.logger.error({ key, size: content.length, expectedSize: expected.size }, 'Stored document does not match its checksum');
      throw new DocumentIntegrityError();
    }
    return content;
  }

  private pathOf(key: string): string {
    // Keys come from our own rows, but a path is built from them: refuse anything that is not one.
    if (!STORAGE_KEY.test(key)) throw new DocumentIntegrityError();
    return join(this.root, key);
  }
}
