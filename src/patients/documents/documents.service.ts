import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { ValidationFailedError } from '../../common/errors/domain-errors';
import { flattenValidationErrors } from '../../common/errors/validation';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { HistoryRepository } from '../history/history.repository';
import { ALLOWED_DOCUMENT_TYPES, attachmentDisposition, DocumentType, safeDownloadName } from './content-sniffer';
import { DocumentStorage } from './document-storage';
import { receiveUpload, UploadSource } from './document-upload';
import { DocumentQueryDto, DocumentResponseDto, toDocumentResponse, UploadDocumentFieldsDto } from './document.dto';
import { DocumentEntity } from './document.entity';
import { DocumentIntegrityError, documentNotFound } from './document.errors';

export interface DocumentDownload {
  content: Buffer;
  mimeType: string;
  disposition: string;
}

/** Patient documents: uploaded to disk, described in the database, downloaded after a checksum check. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
    private readonly storage: DocumentStorage,
  ) {}

  async upload(caller: AuthUser, patientId: string, source: UploadSource): Promise<DocumentResponseDto> {
    // Scope first: nothing is written for a patient the caller cannot see.
    await this.patients.findVisible(caller, patientId);
    const upload = await receiveUpload(source, this.storage);
    let key: string | null = null;
    try {
      const fields = await validFields(upload.fields);
      key = await this.storage.commit(upload.staged);
      const id = randomUUID();
      const storageKey = key;
      // The row goes in only once the file is safely in place; if the row fails, the file goes.
      return await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        await this.patients.findVisible(caller, patientId, { manager });
        await this.history.insert(manager, DocumentEntity, {
          id,
          patientId,
          title: fields.title,
          category: fields.category,
          originalFileName: upload.originalFileName,
          mimeType: upload.staged.type.mimeType,
          sizeBytes: String(upload.staged.size),
          sha256: upload.staged.sha256,
          storageKey,
          uploadedBy: caller.id,
        });
        return toDocumentResponse(await this.require(manager, patientId, id));
      });
    } catch (error) {
      if (key) await this.storage.remove(key);
      else await this.storage.discard(upload.staged);
      throw error;
    }
  }

  async list(caller: AuthUser, patientId: string, query: DocumentQueryDto): Promise<Page<DocumentResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(DocumentEntity, patientId, 'uploadedAt', {
      status: query.status,
      where: query.category ? { category: query.category } : undefined,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toDocumentResponse), total, query);
  }

  async get(caller: AuthUser, patientId: string, id: string): Promise<DocumentResponseDto> {
    await this.patients.findVisible(caller, patientId);
    return toDocumentResponse(await this.require(undefined, patientId, id));
  }

  async download(caller: AuthUser, patientId: string, id: string): Promise<DocumentDownload> {
    await this.patients.findVisible(caller, patientId);
    const row = await this.require(undefined, patientId, id);
    const type = typeOf(row.mimeType);
    const content = await this.storage.read(row.storageKey, { size: Number(row.sizeBytes), sha256: row.sha256 });
    const name = safeDownloadName(row.originalFileName, type, `document-${row.id.slice(0, 8)}`);
    return { content, mimeType: type.mimeType, disposition: attachmentDisposition(name) };
  }

  /** The file stays on disk: an entry marked in error remains part of the record. */
  async markEnteredInError(caller: AuthUser, patientId: string, id: string, reason: string): Promise<DocumentResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.patients.findVisible(caller, patientId, { manager });
      return toDocumentResponse(await this.history.retract(manager, DocumentEntity, { patientId, id }, { userId: caller.id, reason }, documentNotFound));
    });
  }

  /** For the Clinical Workflow (lab results): the document exists, belongs to the patient and is not entered in error. */
  async requireDocument(manager: EntityManager, patientId: string, documentId: string): Promise<{ id: string }> {
    const row = await this.history.findForPatient(DocumentEntity, patientId, documentId, manager);
    if (!row || row.status === 'entered_in_error') throw documentNotFound();
    return { id: row.id };
  }

  private async require(manager: EntityManager | undefined, patientId: string, id: string): Promise<DocumentEntity> {
    const row = await this.history.findForPatient(DocumentEntity, patientId, id, manager);
    if (!row) throw documentNotFound();
    return row;
  }
}

/** The form's text fields, validated like a JSON body (unknown fields refused). */
async function validFields(raw: Record<string, string>): Promise<UploadDocumentFieldsDto> {
  const dto = plainToInstance(UploadDocumentFieldsDto, raw);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ValidationFailedError(flattenValidationErrors(errors));
  return dto;
}

function typeOf(mimeType: string): DocumentType {
  const type = ALLOWED_DOCUMENT_TYPES.find((t) => t.mimeType === mimeType);
  if (!type) throw new DocumentIntegrityError();
  return type;
}
