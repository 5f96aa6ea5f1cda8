import { HttpStatus } from '@nestjs/common';
import { DomainError, NotFoundError } from '../../common/errors/domain-errors';
import { ALLOWED_DOCUMENT_TYPES } from './content-sniffer';

export class DocumentTooLargeError extends DomainError {
  readonly status = HttpStatus.PAYLOAD_TOO_LARGE;
  readonly code = 'DOCUMENT_TOO_LARGE';
  constructor(maxBytes: number) {
    super(`The file is larger than the limit of ${formatBytes(maxBytes)}`);
  }
}

/** The content is not one of the allowed types, whatever its name or declared Content-Type say. */
export class DocumentTypeNotAllowedError extends DomainError {
  readonly status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
  readonly code = 'DOCUMENT_TYPE_NOT_ALLOWED';
  constructor() {
    super(`The file content is not an allowed type (${ALLOWED_DOCUMENT_TYPES.map((t) => t.mimeType).join(', ')})`);
  }
}

export class MultipartRequiredError extends DomainError {
  readonly status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
  readonly code = 'MULTIPART_REQUIRED';
  constructor() {
    super('Send the document as multipart/form-data with a "file" part');
  }
}

/** The stored file is missing or no longer matches its checksum: never served, always logged. */
export class DocumentIntegrityError extends DomainError {
  readonly status = HttpStatus.INTERNAL_SERVER_ERROR;
  readonly code = 'DOCUMENT_INTEGRITY_FAILED';
  constructor() {
    super('The stored document failed its integrity check');
  }
}

export const documentNotFound = () => new NotFoundError('Document');


function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
