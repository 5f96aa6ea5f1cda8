import type { Readable } from 'node:stream';
import { HttpStatus } from '@nestjs/common';
import { fitColumn } from '../../common/database/fit-column';
import { DomainError, FieldError, ValidationFailedError } from '../../common/errors/domain-errors';
import type { DocumentStorage, StagedFile } from './document-storage';
import { DocumentTooLargeError, MultipartRequiredError } from './document.errors';

/** One part of a multipart/form-data body, as @fastify/multipart yields it. */
export interface UploadPart {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  file?: Readable & { truncated?: boolean };
  value?: unknown;
  valueTruncated?: boolean;
}

/** The request, as far as the upload needs it (a Fastify request with @fastify/multipart). */
export interface UploadSource {
  isMultipart(): boolean;
  parts(): AsyncIterableIterator<UploadPart>;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  staged: StagedFile;
  originalFileName: string | null;
}

export const FILE_FIELD = 'file';
const FILE_REQUIRED: FieldError = { field: FILE_FIELD, message: `${FILE_FIELD} is required: one file part named "${FILE_FIELD}"` };

export class MalformedMultipartError extends DomainError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'MULTIPART_MALFORMED';
  constructor() {
    super('The multipart/form-data body could not be read');
  }
}

/**
 * Reads the form: text fields (kept as strings) and exactly one file part named "file", streamed
 * into staging. Fields may come before or after the file. On any failure nothing stays on disk.
 */
export async function receiveUpload(source: UploadSource, storage: DocumentStorage): Promise<ReceivedUpload> {
  if (!source.isMultipart()) throw new MultipartRequiredError();
  const fields: Record<string, string> = {};
  const problems: FieldError[] = [];
  let staged: StagedFile | null = null;
  let originalFileName: string | null = null;
  try {
    for await (const part of iterate(source, storage.maxBytes)) {
      if (part.type === 'file' && part.file) {
        if (part.fieldname !== FILE_FIELD || staged) {
          part.file.resume();
          problems.push({ field: part.fieldname, message: `Send exactly one file, in the part named "${FILE_FIELD}"` });
          continue;
        }
        staged = await storage.stage(part.file).catch((error: unknown) => {
          throw isStorageFailure(error) ? error : translate(error, storage.maxBytes);
        });
        // Metadata only (never a path): cleaned of control characters and cut to the column.
        originalFileName = part.filename ? fitColumn(part.filename, 255) || null : null;
      } else if (part.valueTruncated) {
        problems.push({ field: part.fieldname, message: `${part.fieldname} is too long` });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
    if (!staged) problems.push(FILE_REQUIRED);
    if (problems.length > 0 || !staged) throw new ValidationFailedError(problems);
    return { fields, staged, originalFileName };
  } catch (error) {
    if (staged) await storage.discard(staged);
    throw error;
  }
}

/** The parser's own errors, in our error shape (they would otherwise be 500s or say "send JSON"). */
async function* iterate(source: UploadSource, maxBytes: number): AsyncGenerator<UploadPart> {
  const parts = source.parts();
  for (;;) {
    let next: IteratorResult<UploadPart>;
    try {
      next = await parts.next();
    } catch (error) {
      throw translate(error, maxBytes);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** A file-system failure (ENOSPC, EACCES, EIO…) is ours, a 500; anything else while reading the file part is the body's fault. */
function isStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function translate(error: unknown, maxBytes: number): Error {
  if (error instanceof DomainError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DocumentTooLargeError(maxBytes);
    case 'FST_FILES_LIMIT':
      return new ValidationFailedError([{ field: FILE_FIELD, message: 'Send exactly one file' }]);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ValidationFailedError([{ field: 'body', message: 'Too many form fields' }]);
    default:
      return new MalformedMultipartError();
  }
}
