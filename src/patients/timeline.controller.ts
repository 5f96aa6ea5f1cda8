import { PatientIdParam } from './patient-id.param';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, PATIENT_NOT_FOUND } from './history/history-common';
import { SummaryService } from './summary.service';
import { PatientClinicalSummaryDto } from './summary.dto';
import { TimelineEntryDto, TimelineQueryDto } from './timeline.dto';
import { TimelineService } from './timeline.service';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id')
export class TimelineController {
  constructor(
    private readonly timelines: TimelineService,
    private readonly summaries: SummaryService,
  ) {}

  @Get('timeline')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({
    summary: "The patient's whole history as one stream, newest first",
    description: 'Allergies, conditions, medications, immunizations, procedures, vital signs, notes, documents, visits, diagnoses, lab orders and referrals.',
  })
  @ApiPageResponse(TimelineEntryDto)
  @ApiBadRequestResponse(badRequest('kinds or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  getPatientTimeline(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: TimelineQueryDto): Promise<Page<TimelineEntryDto>> {
    return this.timelines.timeline(caller, id, query);
  }

  @Get('summary')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: 'Allergy status and active allergies, active conditions, current medications, latest vital signs and the last visit, in one call' })
  @ApiOkResponse({ type: PatientClinicalSummaryDto })
  @ApiBadRequestResponse(badRequest('path'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  getPatientSummary(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string): Promise<PatientClinicalSummaryDto> {
    return this.summaries.summary(caller, id);
  }
}
