import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, EnteredInErrorDto, EntryIdParam, PATIENT_NOT_FOUND } from '../history/history-common';
import type { UploadSource } from './document-upload';
import { DOCUMENT_MIME_TYPES, DocumentQueryDto, DocumentResponseDto, UploadDocumentDto } from './document.dto';
import { DocumentsService } from './documents.service';

const DOCUMENT_NOT_FOUND = { description: 'No such patient in your jurisdiction, or no such document for this patient', type: ErrorResponseDto };

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @RequirePermissions(Permission.DocumentsWrite)
  @ApiOperation({
    summary: 'Upload a document (PDF, PNG, JPEG, TIFF or HEIC) for a patient',
    description:
      'multipart/form-data with the fields title and category and one file part named "file". The type is detected from the content, ' +
      'not the file name or the declared Content-Type. The file is stored outside the database with its SHA-256.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentDto })
  @ApiCreatedResponse({ type: DocumentResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid or missing fields, no file or more than one, or a malformed form (MULTIPART_MALFORMED)', type: ErrorResponseDto })
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  @ApiPayloadTooLargeResponse({ description: 'DOCUMENT_TOO_LARGE: the file exceeds DOCUMENT_MAX_BYTES', type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({
    description: 'DOCUMENT_TYPE_NOT_ALLOWED: the content is not an allowed type (whatever its name says); MULTIPART_REQUIRED: not multipart/form-data',
    type: ErrorResponseDto,
  })
  uploadPatientDocument(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Req() request: FastifyRequest): Promise<DocumentResponseDto> {
    return this.documents.upload(caller, id, request as unknown as UploadSource);
  }

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's documents, latest first" })
  @ApiPageResponse(DocumentResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientDocuments(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: DocumentQueryDto): Promise<Page<DocumentResponseDto>> {
    return this.documents.list(caller, id, query);
  }

  @Get(':documentId')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "A document's details (not its content)" })
  @ApiOkResponse({ type: DocumentResponseDto })
  @ApiBadRequestResponse(badRequest('path'))
  @ApiNotFoundResponse(DOCUMENT_NOT_FOUND)
  getPatientDocument(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @EntryIdParam('documentId') documentId: string): Promise<DocumentResponseDto> {
    return this.documents.get(caller, id, documentId);
  }

  @Get(':documentId/content')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  // Never rendered inline or guessed at by the browser, never cached (patient data).
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Download a document's content (checked against its SHA-256 first; audited)" })
  // Only the file is binary: the errors stay application/json, so no @ApiProduces.
  @ApiOkResponse({
    description: 'The file, as an attachment, with its detected type',
    content: Object.fromEntries(DOCUMENT_MIME_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiBadRequestResponse(badRequest('path'))
  @ApiNotFoundResponse(DOCUMENT_NOT_FOUND)
  @ApiInternalServerErrorResponse({ description: 'DOCUMENT_INTEGRITY_FAILED: the stored file is missing or no longer matches its checksum', type: ErrorResponseDto })
  async downloadPatientDocument(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('documentId') documentId: string,
  ): Promise<StreamableFile> {
    const file = await this.documents.download(caller, id, documentId);
    return new StreamableFile(file.content, { type: file.mimeType, disposition: file.disposition, length: file.content.length });
  }

  @Post(':documentId/entered-in-error')
  @RequirePermissions(Permission.DocumentsWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a document entered in error (wrong patient, wrong file), with the reason; it is kept, not deleted' })
  @ApiOkResponse({ type: DocumentResponseDto })
  @ApiBadRequestResponse(badRequest('reason'))
  @ApiNotFoundResponse(DOCUMENT_NOT_FOUND)
  @ApiConflictResponse({ description: 'HISTORY_ENTERED_IN_ERROR: already marked', type: ErrorResponseDto })
  markPatientDocumentEnteredInError(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('documentId') documentId: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<DocumentResponseDto> {
    return this.documents.markEnteredInError(caller, id, documentId, dto.reason);
  }
}
