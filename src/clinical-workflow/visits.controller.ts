import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequireAnyPermission, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam } from '../common/http/id-param';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { ClinicalNoteDto, ClinicalNoteResponseDto, VitalSignsDto, VitalSignsResponseDto } from '../patients';
import { LabOrderResponseDto, NewLabOrderDto } from './lab-order.dto';
import { LabOrdersService } from './lab-orders.service';
import { NewReferralDto, ReferralResponseDto } from './referral.dto';
import { ReferralsService } from './referrals.service';
import {
  AssessmentDto,
  CancelVisitDto,
  ClosureDto,
  ConsultationDto,
  CounselingDto,
  QueueEntryDto,
  RegisterVisitDto,
  SkipCounselingDto,
  VisitQueryDto,
  VisitQueueQueryDto,
  VisitResponseDto,
  VisitSummaryDto,
} from './visit.dto';
import { VisitStagesService } from './visit-stages.service';
import { VisitsService } from './visits.service';

const BAD_ID = { description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto };
const NO_VISIT = { description: 'No such visit, or its patient is outside your jurisdiction', type: ErrorResponseDto };
const STAGE_CONFLICT = {
  description:
    'VISIT_STAGE_ORDER: the visit is not waiting for this stage (the message names the allowed next actions); ' +
    'VISIT_VERSION_CONFLICT: someone changed the visit since you read it (or at the same moment)',
  type: ErrorResponseDto,
};
const NOT_OPEN = { description: 'VISIT_NOT_OPEN: the visit is completed or cancelled', type: ErrorResponseDto };

@ApiTags('Clinical Workflow')
@AuditResource('visit')
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly stages: VisitStagesService,
    private readonly labOrders: LabOrdersService,
    private readonly referrals: ReferralsService,
  ) {}

  @Post()
  @RequirePermissions(Permission.VisitsRegister)
  @ApiOperation({
    summary: 'Register a visit (the Registration stage); the patient joins the Assessment queue',
    description:
      'One open visit per patient per clinic: close or cancel the open one first. A patient registered outside your ' +
      'jurisdiction is found with their identity number, as proof they are present.',
  })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such patient or clinic in your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'VISIT_ALREADY_OPEN: the patient has an open visit at this clinic; PATIENT_INACTIVE: the patient record is deactivated', type: ErrorResponseDto })
  registerVisit(@CurrentUser() caller: AuthUser, @Body() dto: RegisterVisitDto): Promise<VisitResponseDto> {
    return this.visits.register(caller, dto);
  }

  @Get()
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: "A patient's or a clinic's visits, newest first" })
  @ApiPageResponse(VisitSummaryDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging; patientId or clinicId is required', type: ErrorResponseDto })
  listVisits(@CurrentUser() caller: AuthUser, @Query() query: VisitQueryDto): Promise<Page<VisitSummaryDto>> {
    return this.visits.list(caller, query);
  }

  @Get('queue')
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: "Who is waiting in a stage's queue at a clinic: by triage priority, then arrival, with how long each has waited" })
  @ApiPageResponse(QueueEntryDto)
  @ApiBadRequestResponse({ description: 'Invalid clinicId, stage or paging', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such clinic in your jurisdiction', type: ErrorResponseDto })
  getVisitQueue(@CurrentUser() caller: AuthUser, @Query() query: VisitQueueQueryDto): Promise<Page<QueueEntryDto>> {
    return this.visits.queue(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: 'A visit with its stage history, diagnoses, orders, referrals, prescription items and allowed next actions' })
  @ApiOkResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_VISIT)
  getVisit(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<VisitResponseDto> {
    return this.visits.get(caller, id);
  }

  @Post(':id/assessment')
  @RequirePermissions(Permission.VisitsAssess)
  @ApiOperation({ summary: 'Record the Assessment stage: vital signs, triage priority, optional nursing note' })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields; vital signs out of range are named vitalSigns.<field>', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  recordAssessment(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: AssessmentDto): Promise<VisitResponseDto> {
    return this.stages.assess(caller, id, dto);
  }

  @Post(':id/consultation')
  @RequirePermissions(Permission.VisitsConsult)
  @ApiOperation({
    summary: 'Record the Consultation stage: SOAP note, ICD-10 diagnoses, lab orders, referrals, prescription items, counseling decision',
    description: 'Lab orders need lab-orders:write, referrals referrals:write, prescription items prescriptions:write.',
  })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or diagnoses breaking the ICD-10 rules (named diagnoses.<i>.code)', type: ErrorResponseDto })
  @ApiForbiddenResponse({ description: 'MISSING_PERMISSION: visits:consult, or the permission an order in the body needs', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  recordConsultation(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: ConsultationDto): Promise<VisitResponseDto> {
    return this.stages.consult(caller, id, dto);
  }

  @Post(':id/counseling')
  @RequirePermissions(Permission.VisitsCounsel)
  @ApiOperation({ summary: 'Record the Counseling stage: notes and an optional psychosocial referral (needs referrals:write)' })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  recordCounseling(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: CounselingDto): Promise<VisitResponseDto> {
    return this.stages.counsel(caller, id, dto);
  }

  @Post(':id/counseling/skip')
  @RequireAnyPermission(Permission.VisitsConsult, Permission.VisitsCounsel)
  @ApiOperation({ summary: 'Skip Counseling by a recorded decision (who, when, why): the doctor or the social worker decides' })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  skipCounseling(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: SkipCounselingDto): Promise<VisitResponseDto> {
    return this.stages.skipCounseling(caller, id, dto);
  }

  @Post(':id/closure')
  @RequirePermissions(Permission.VisitsClose)
  @ApiOperation({ summary: 'Close the visit with its outcome and disposition' })
  @ApiCreatedResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields; follow_up_scheduled needs followUpDate; died goes with deceased', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  closeVisit(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: ClosureDto): Promise<VisitResponseDto> {
    return this.stages.close(caller, id, dto);
  }

  @Post(':id/cancel')
  @RequirePermissions(Permission.VisitsCancel)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the visit, with a reason, at any stage before Closure' })
  @ApiOkResponse({ type: VisitResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(STAGE_CONFLICT)
  cancelVisit(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: CancelVisitDto): Promise<VisitResponseDto> {
    return this.stages.cancel(caller, id, dto);
  }

  @Post(':id/vital-signs')
  @RequirePermissions(Permission.HistoryWrite)
  @AuditResource('vital_signs')
  @ApiOperation({ summary: 'Record vital signs during an open visit (outside Assessment), kept in the patient history' })
  @ApiCreatedResponse({ type: VitalSignsResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or vital signs out of range', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(NOT_OPEN)
  recordVisitVitalSigns(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: VitalSignsDto): Promise<VitalSignsResponseDto> {
    return this.visits.recordVitalSigns(caller, id, dto);
  }

  @Post(':id/clinical-notes')
  @RequirePermissions(Permission.HistoryWrite)
  @AuditResource('clinical_note')
  @ApiOperation({ summary: 'Add a clinical note to an open visit, kept in the patient history' })
  @ApiCreatedResponse({ type: ClinicalNoteResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(NOT_OPEN)
  addVisitClinicalNote(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: ClinicalNoteDto): Promise<ClinicalNoteResponseDto> {
    return this.visits.addClinicalNote(caller, id, dto);
  }

  @Post(':id/lab-orders')
  @RequirePermissions(Permission.LabOrdersWrite)
  @AuditResource('lab_order')
  @ApiOperation({ summary: 'Order a lab test in an open visit' })
  @ApiCreatedResponse({ type: LabOrderResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(NOT_OPEN)
  orderLabTest(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: NewLabOrderDto): Promise<LabOrderResponseDto> {
    return this.labOrders.order(caller, id, dto);
  }

  @Post(':id/referrals')
  @RequirePermissions(Permission.ReferralsWrite)
  @AuditResource('referral')
  @ApiOperation({ summary: 'Refer the patient (internal, external or psychosocial) from an open visit' })
  @ApiCreatedResponse({ type: ReferralResponseDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NO_VISIT)
  @ApiConflictResponse(NOT_OPEN)
  createReferral(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: NewReferralDto): Promise<ReferralResponseDto> {
    return this.referrals.refer(caller, id, dto);
  }
}
