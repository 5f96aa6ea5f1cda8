import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequireAnyPermission, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam } from '../common/http/id-param';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { DispensePrescriptionDto, DispensingResponseDto, DispensingResultDto } from './dispensing.dto';
import { DispensingService } from './dispensing.service';
import { CancelPrescriptionDto, CreatePrescriptionDto, PrescriptionQueryDto, PrescriptionResponseDto } from './prescription.dto';
import { PrescriptionsService } from './prescriptions.service';

const BAD_INPUT = { description: 'The id is not a UUID, or invalid fields (each named in details)', type: ErrorResponseDto };
const NO_PRESCRIPTION = { description: 'No such prescription, or its patient is outside your jurisdiction', type: ErrorResponseDto };

@ApiTags('Prescriptions')
@AuditResource('prescription')
@Controller('prescriptions')
export class PrescriptionsController {
  constructor(
    private readonly prescriptions: PrescriptionsService,
    private readonly dispensing: DispensingService,
  ) {}

  @Post()
  @RequirePermissions(Permission.PrescriptionsWrite)
  @ApiOperation({
    summary: 'Prescribe catalogue drugs for a patient (also added to their current medications)',
    description:
      "Checks each item against the patient's active drug allergies (by substance and by drug class) and their active therapy (same drug, " +
      'or same ATC level-4 group, whose course has not ended). A finding refuses the item with 409 PRESCRIPTION_SAFETY unless the item ' +
      'carries an overrideReason; findings and reason are stored with the item.',
  })
  @ApiCreatedResponse({ type: PrescriptionResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a drugId that is not an active catalogue drug', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'The patient or the clinic is not in your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'PRESCRIPTION_SAFETY (details: the findings per item, field items.N); PATIENT_INACTIVE', type: ErrorResponseDto })
  createPrescription(@CurrentUser() caller: AuthUser, @Body() dto: CreatePrescriptionDto): Promise<PrescriptionResponseDto> {
    return this.prescriptions.create(caller, dto);
  }

  @Get()
  @RequirePermissions(Permission.PrescriptionsRead)
  @AuditRead()
  @ApiOperation({ summary: "A patient's (or a clinic's) prescriptions with what is dispensed and what remains, newest first" })
  @ApiPageResponse(PrescriptionResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging; patientId or clinicId is required', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'The clinic is not in your jurisdiction', type: ErrorResponseDto })
  listPrescriptions(@CurrentUser() caller: AuthUser, @Query() query: PrescriptionQueryDto): Promise<Page<PrescriptionResponseDto>> {
    return this.prescriptions.list(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.PrescriptionsRead)
  @AuditRead()
  @ApiOperation({ summary: 'A prescription with its items, what is dispensed and what remains' })
  @ApiOkResponse({ type: PrescriptionResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_PRESCRIPTION)
  getPrescription(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<PrescriptionResponseDto> {
    return this.prescriptions.get(caller, id);
  }

  @Post(':id/cancel')
  @RequirePermissions(Permission.PrescriptionsWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel what remains of a prescription (not once it is dispensed in full)' })
  @ApiOkResponse({ type: PrescriptionResponseDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NO_PRESCRIPTION)
  @ApiConflictResponse({ description: 'PRESCRIPTION_CANCELLED; PRESCRIPTION_DISPENSED', type: ErrorResponseDto })
  cancelPrescription(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: CancelPrescriptionDto): Promise<PrescriptionResponseDto> {
    return this.prescriptions.cancel(caller, id, dto);
  }

  @Post(':id/dispensings')
  @RequirePermissions(Permission.PharmacyDispense)
  @ApiOperation({
    summary: 'Dispense a prescription, fully or partly, from a stock location (first expiry first out)',
    description:
      'One transaction: the safety checks run again (a finding that is new since prescribing refuses unless overrideReason is given), ' +
      'schedule 5 and 6 drugs need pharmacy:dispense-controlled and are written to the controlled-drug register, and stock is taken ' +
      'from the earliest-expiring usable batches (never an expired one) through the stock ledger. When stock runs short the items are ' +
      'filled in part (shortfalls) and the prescription becomes partially_dispensed. warnings name batches that expire before the course ends.',
  })
  @ApiCreatedResponse({ type: DispensingResultDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such prescription or stock location in your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({
    description:
      'INSUFFICIENT_STOCK (nothing at all could be taken); PRESCRIPTION_SAFETY; DRUG_NOT_IN_CATALOGUE (free-text items from before the catalogue); ' +
      'QUANTITY_EXCEEDS_REMAINING; PRESCRIPTION_DISPENSED; PRESCRIPTION_CANCELLED',
    type: ErrorResponseDto,
  })
  dispensePrescription(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: DispensePrescriptionDto): Promise<DispensingResultDto> {
    return this.dispensing.dispense(caller, id, dto);
  }

  @Get(':id/dispensings')
  @RequireAnyPermission(Permission.PrescriptionsRead, Permission.PharmacyDispense)
  @AuditRead()
  @ApiOperation({ summary: "A prescription's dispensings with their batches, costs and warnings, oldest first" })
  @ApiOkResponse({ type: [DispensingResponseDto] })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_PRESCRIPTION)
  listDispensings(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<DispensingResponseDto[]> {
    return this.dispensing.list(caller, id);
  }
}
