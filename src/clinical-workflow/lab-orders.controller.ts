import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam } from '../common/http/id-param';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { CancelLabOrderDto, LabOrderQueryDto, LabOrderResponseDto, LabResultDto, SpecimenCollectionDto } from './lab-order.dto';
import { LabOrdersService } from './lab-orders.service';

const BAD_INPUT = { description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto };
const NO_ORDER = { description: 'No such lab order, or its patient is outside your jurisdiction', type: ErrorResponseDto };
const WRONG_STATUS = { description: 'LAB_ORDER_STATUS: not allowed from the current status (the message names what is)', type: ErrorResponseDto };

@ApiTags('Clinical Workflow')
@AuditResource('lab_order')
@Controller('lab-orders')
export class LabOrdersController {
  constructor(private readonly labOrders: LabOrdersService) {}

  @Get()
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: "A patient's or a visit's lab orders with results, newest first" })
  @ApiPageResponse(LabOrderResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging; patientId or visitId is required', type: ErrorResponseDto })
  listLabOrders(@CurrentUser() caller: AuthUser, @Query() query: LabOrderQueryDto): Promise<Page<LabOrderResponseDto>> {
    return this.labOrders.list(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: 'A lab order with its results' })
  @ApiOkResponse({ type: LabOrderResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ORDER)
  getLabOrder(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<LabOrderResponseDto> {
    return this.labOrders.get(caller, id);
  }

  @Post(':id/specimen-collection')
  @RequirePermissions(Permission.LabOrdersWrite)
  @ApiOperation({ summary: 'Record that the specimen was collected (ordered → specimen_collected)' })
  @ApiCreatedResponse({ type: LabOrderResponseDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NO_ORDER)
  @ApiConflictResponse(WRONG_STATUS)
  recordSpecimenCollection(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: SpecimenCollectionDto): Promise<LabOrderResponseDto> {
    return this.labOrders.collectSpecimen(caller, id, dto);
  }

  @Post(':id/result')
  @RequirePermissions(Permission.LabOrdersWrite)
  @ApiOperation({ summary: "Record the result: values per analyte and the lab's report as a patient document (specimen_collected → resulted)" })
  @ApiCreatedResponse({ type: LabOrderResponseDto })
  @ApiBadRequestResponse({ description: "Invalid fields, or a documentId that is not one of the patient's documents", type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ORDER)
  @ApiConflictResponse(WRONG_STATUS)
  recordLabResult(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: LabResultDto): Promise<LabOrderResponseDto> {
    return this.labOrders.recordResult(caller, id, dto);
  }

  @Post(':id/cancel')
  @RequirePermissions(Permission.LabOrdersWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a lab order that has no result yet, with a reason' })
  @ApiOkResponse({ type: LabOrderResponseDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NO_ORDER)
  @ApiConflictResponse(WRONG_STATUS)
  cancelLabOrder(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: CancelLabOrderDto): Promise<LabOrderResponseDto> {
    return this.labOrders.cancel(caller, id, dto);
  }
}
