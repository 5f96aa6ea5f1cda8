import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { FreeText } from '../../common/http/transforms';
import { ALLOWED_DOCUMENT_TYPES } from './content-sniffer';
import { DOCUMENT_CATEGORIES, DOCUMENT_STATUSES, type DocumentCategory, type DocumentEntity, type DocumentStatus } from './document.entity';

export const DOCUMENT_MIME_TYPES = ALLOWED_DOCUMENT_TYPES.map((t) => t.mimeType);

/** The text fields of the upload form (the file itself is the part named "file"). */
export class UploadDocumentFieldsDto {
  @ApiProperty({ maxLength: 200, example: 'FBC results March 2025' })
  @FreeText(200)
  title: string;

  @ApiProperty({ enum: DOCUMENT_CATEGORIES, enumName: 'DocumentCategory' })
  @IsIn(DOCUMENT_CATEGORIES)
  category: DocumentCategory;
}

/** The multipart/form-data body, for the OpenAPI spec. */
export class UploadDocumentDto extends UploadDocumentFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: `PDF, PNG, JPEG, TIFF or HEIC; the type is read from the content, not the name` })
  file: unknown;
}

export class DocumentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_CATEGORIES, enumName: 'DocumentCategory' })
  @IsOptional()
  @IsIn(DOCUMENT_CATEGORIES)
  category?: DocumentCategory;

  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES, enumName: 'DocumentStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;
}

export class DocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DOCUMENT_CATEGORIES, enumName: 'DocumentCategory' }) category: DocumentCategory;
  @ApiProperty({ type: String, nullable: true, description: 'The name the file had on the uploader\'s device (metadata only)' })
  originalFileName: string | null;
  @ApiProperty({ enum: DOCUMENT_MIME_TYPES, enumName: 'DocumentMimeType', description: 'Detected from the content' })
  mimeType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the content, hex' })
  sha256: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES, enumName: 'DocumentStatus' }) status: DocumentStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt: string;
}

export function toDocumentResponse(row: DocumentEntity): DocumentResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    title: row.title,
    category: row.category,
    originalFileName: row.originalFileName,
    mimeType: row.mimeType,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    status: row.status,
    statusReason: row.statusReason,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}
