import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam, UuidParam } from '../common/http/id-param';
import {
  DeactivatePatientDto,
  PatientContactDto,
  PatientContactInputDto,
  PatientDto,
  PatientPageMetaDto,
  PatientSearchQueryDto,
  PatientSummaryDto,
  RegisteredPatientDto,
  RegisterPatientDto,
  UpdatePatientContactDto,
  UpdatePatientDto,
} from './patient.dto';
import { PatientContactsService } from './patient-contacts.service';
import { PatientIdParam } from './patient-id.param';
import { PatientRegistryService, PatientSearchPage } from './patient-registry.service';


const ContactIdParam = () => UuidParam('contactId');

const NOT_FOUND = { description: 'No such patient in your jurisdiction', type: ErrorResponseDto };

@ApiTags('Patients')
@AuditResource('patient')
@Controller('patients')
export class PatientsController {
  constructor(private readonly registry: PatientRegistryService) {}

  @Post()
  @RequirePermissions(Permission.PatientsWrite)
  @ApiOperation({
    summary: 'Register a patient at a clinic in your jurisdiction',
    description:
      'The identity number is checked (SA ID: 13 digits, real embedded date of birth equal to dateOfBirth, citizenship digit, Luhn check digit; ' +
      'passport: issuing country and 5-20 letters or digits) and stored encrypted. Same names and date of birth as a patient you can see is ' +
      'allowed and listed in possibleDuplicates.',
  })
  @ApiCreatedResponse({ type: RegisteredPatientDto })
  @ApiBadRequestResponse({ description: 'Invalid fields (field details), or a clinic or province that does not exist or is outside your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'PATIENT_DUPLICATE_ID: the identity number is registered; existingId names that patient', type: ErrorResponseDto })
  registerPatient(@CurrentUser() caller: AuthUser, @Body() dto: RegisterPatientDto): Promise<RegisteredPatientDto> {
    return this.registry.register(caller, dto);
  }

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({
    summary: 'Search patients in your jurisdiction',
    description:
      'Every criterion given must match; with none, lists your patients by name. name: prefix of first or last name (one word) or of both (two words, ' +
      'either order), case- and accent-insensitive. identityNumber, passportNumber+passportCountry and medicalAidNumber: exact. phone: mobile or ' +
      'alternate, local SA numbers accepted. Identifying numbers are masked in hits. meta.total counts at most 1000 matches (see totalCapped).',
  })
  @ApiExtraModels(PatientSummaryDto, PatientPageMetaDto)
  @ApiOkResponse({
    schema: {
      title: 'PatientSummaryPage',
      type: 'object',
      required: ['data', 'meta'],
      properties: {
        data: { type: 'array', items: { $ref: getSchemaPath(PatientSummaryDto) } },
        meta: { $ref: getSchemaPath(PatientPageMetaDto) },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'Invalid criteria or paging', type: ErrorResponseDto })
  searchPatients(@CurrentUser() caller: AuthUser, @Query() query: PatientSearchQueryDto): Promise<PatientSearchPage> {
    return this.registry.search(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: 'Get a patient, with the identity and member numbers in full, and their contacts' })
  @ApiOkResponse({ type: PatientDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  getPatient(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<PatientDto> {
    return this.registry.load(caller, id, true);
  }

  @Patch(':id')
  @RequirePermissions(Permission.PatientsWrite)
  @ApiOperation({
    summary: "Update a patient's details",
    description: 'Send the version you read. null clears an optional field; address and medicalAid are replaced whole. Changing the identity document re-checks it.',
  })
  @ApiOkResponse({ type: PatientDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description: 'PATIENT_VERSION_CONFLICT: changed by someone else since you read it; PATIENT_DUPLICATE_ID: the new identity number belongs to existingId',
    type: ErrorResponseDto,
  })
  updatePatient(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: UpdatePatientDto): Promise<PatientDto> {
    return this.registry.update(caller, id, dto);
  }

  @Post(':id/deactivate')
  @RequirePermissions(Permission.PatientsWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deactivate a patient record (kept, hidden from search by default), with a reason' })
  @ApiOkResponse({ type: PatientDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or no reason', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'PATIENT_ALREADY_INACTIVE', type: ErrorResponseDto })
  deactivatePatient(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: DeactivatePatientDto): Promise<PatientDto> {
    return this.registry.deactivate(caller, id, dto);
  }

  @Post(':id/reactivate')
  @RequirePermissions(Permission.PatientsWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a deactivated patient record' })
  @ApiOkResponse({ type: PatientDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'PATIENT_ALREADY_ACTIVE', type: ErrorResponseDto })
  reactivatePatient(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<PatientDto> {
    return this.registry.reactivate(caller, id);
  }
}

@ApiTags('Patients')
@AuditResource('patient')
// The patient id comes through PatientIdParam (a custom decorator the spec generator cannot see).
@ApiParam({ name: 'id', type: String, required: true, description: 'The patient' })
@Controller('patients/:id/contacts')
export class PatientContactsController {
  constructor(private readonly contacts: PatientContactsService) {}

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "A patient's emergency, next-of-kin and secondary contacts" })
  @ApiOkResponse({ type: [PatientContactDto] })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  listPatientContacts(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string): Promise<PatientContactDto[]> {
    return this.contacts.list(caller, id);
  }

  @Post()
  @RequirePermissions(Permission.PatientsWrite)
  @ApiOperation({ summary: 'Add a contact to a patient (at most 5)' })
  @ApiCreatedResponse({ type: PatientContactDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'PATIENT_CONTACT_LIMIT: the patient already has 5 contacts', type: ErrorResponseDto })
  addPatientContact(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: PatientContactInputDto): Promise<PatientContactDto> {
    return this.contacts.add(caller, id, dto);
  }

  @Patch(':contactId')
  @RequirePermissions(Permission.PatientsWrite)
  @ApiOperation({ summary: "Update a patient's contact" })
  @ApiOkResponse({ type: PatientContactDto })
  @ApiBadRequestResponse({ description: 'An id is not a UUID, or invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such patient in your jurisdiction, or no such contact of theirs', type: ErrorResponseDto })
  updatePatientContact(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @ContactIdParam() contactId: string,
    @Body() dto: UpdatePatientContactDto,
  ): Promise<PatientContactDto> {
    return this.contacts.update(caller, id, contactId, dto);
  }

  @Delete(':contactId')
  @RequirePermissions(Permission.PatientsWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Remove a patient's contact" })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: 'An id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such patient in your jurisdiction, or no such contact of theirs', type: ErrorResponseDto })
  removePatientContact(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @ContactIdParam() contactId: string): Promise<void> {
    return this.contacts.remove(caller, id, contactId);
  }
}
