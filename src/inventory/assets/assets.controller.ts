import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam, UuidParam } from '../../common/http/id-param';
import { ApiPageResponse, Page, PageQueryDto } from '../../common/pagination/pagination';
import {
  AddMaintenanceScheduleDto,
  AssetDetailResponseDto,
  AssetQueryDto,
  AssetResponseDto,
  ChangeAssetStatusDto,
  CreateAssetDto,
  MaintenanceLogResponseDto,
  MaintenanceScheduleResponseDto,
  RecordMaintenanceDto,
  RetireAssetDto,
  UpdateAssetDto,
  UpdateMaintenanceScheduleDto,
} from './asset.dto';
import { AssetsService } from './assets.service';

const NO_ASSET = { description: 'No such asset, or it is outside your jurisdiction', type: ErrorResponseDto };
const BAD = { description: 'The id is not a UUID, or invalid fields (details name each)', type: ErrorResponseDto };
const RETIRED = { description: 'ASSET_RETIRED: a retired asset cannot change', type: ErrorResponseDto };

@ApiTags('Assets')
@AuditResource('asset')
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'The equipment register in your jurisdiction, by asset tag' })
  @ApiPageResponse(AssetResponseDto)
  @ApiBadRequestResponse(BAD)
  listAssets(@CurrentUser() caller: AuthUser, @Query() query: AssetQueryDto): Promise<Page<AssetResponseDto>> {
    return this.assets.list(caller, query);
  }

  @Post()
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Register a piece of equipment at a stock location (it starts in service)' })
  @ApiCreatedResponse({ type: AssetDetailResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, a future purchase date, a warranty ending before the purchase, or an unknown supplierId', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such active stock location in your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'ASSET_TAG_TAKEN / ASSET_SERIAL_NUMBER_TAKEN: another asset has it', type: ErrorResponseDto })
  createAsset(@CurrentUser() caller: AuthUser, @Body() dto: CreateAssetDto): Promise<AssetDetailResponseDto> {
    return this.assets.create(caller, dto);
  }

  @Get(':id')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'An asset with its maintenance schedules and recent maintenance' })
  @ApiOkResponse({ type: AssetDetailResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_ASSET)
  getAsset(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<AssetDetailResponseDto> {
    return this.assets.get(caller, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Change an asset's details or move it to another location; send the version you read" })
  @ApiOkResponse({ type: AssetDetailResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such asset, or no such active stock location, in your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({
    description: 'ASSET_VERSION_CONFLICT: changed by someone else since you read it; ASSET_RETIRED; ASSET_TAG_TAKEN / ASSET_SERIAL_NUMBER_TAKEN',
    type: ErrorResponseDto,
  })
  updateAsset(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: UpdateAssetDto): Promise<AssetDetailResponseDto> {
    return this.assets.update(caller, id, dto);
  }

  @Post(':id/status')
  @RequirePermissions(Permission.InventoryManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take an asset out of service for maintenance, or put it back in service' })
  @ApiOkResponse({ type: AssetDetailResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_ASSET)
  @ApiConflictResponse({ description: 'ASSET_RETIRED; ASSET_STATUS: it already has that status', type: ErrorResponseDto })
  changeAssetStatus(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: ChangeAssetStatusDto): Promise<AssetDetailResponseDto> {
    return this.assets.changeStatus(caller, id, dto);
  }

  @Post(':id/retire')
  @RequirePermissions(Permission.InventoryManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Retire an asset (final); its maintenance schedules stop' })
  @ApiOkResponse({ type: AssetDetailResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or retiredOn in the future or before the purchase date', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ASSET)
  @ApiConflictResponse({ description: 'ASSET_RETIRED: already retired', type: ErrorResponseDto })
  retireAsset(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: RetireAssetDto): Promise<AssetDetailResponseDto> {
    return this.assets.retire(caller, id, dto);
  }

  @Post(':id/maintenance-schedules')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Plan recurring maintenance (service, calibration) for an asset' })
  @ApiCreatedResponse({ type: MaintenanceScheduleResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_ASSET)
  @ApiConflictResponse(RETIRED)
  addMaintenanceSchedule(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: AddMaintenanceScheduleDto): Promise<MaintenanceScheduleResponseDto> {
    return this.assets.addSchedule(caller, id, dto);
  }

  @Patch(':id/maintenance-schedules/:scheduleId')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Change a maintenance schedule's task, interval or next due date, or (de)activate it" })
  @ApiOkResponse({ type: MaintenanceScheduleResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such asset in your jurisdiction, or no such schedule on it', type: ErrorResponseDto })
  @ApiConflictResponse(RETIRED)
  updateMaintenanceSchedule(
    @CurrentUser() caller: AuthUser,
    @IdParam() id: string,
    @UuidParam('scheduleId') scheduleId: string,
    @Body() dto: UpdateMaintenanceScheduleDto,
  ): Promise<MaintenanceScheduleResponseDto> {
    return this.assets.updateSchedule(caller, id, scheduleId, dto);
  }

  @Post(':id/maintenance')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Record maintenance done; a schedule's next due date moves on, and the asset can go back in service" })
  @ApiCreatedResponse({ type: MaintenanceLogResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or performedOn in the future or before the purchase date', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such asset in your jurisdiction, or no such schedule on it', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'ASSET_RETIRED; MAINTENANCE_SCHEDULE_INACTIVE', type: ErrorResponseDto })
  recordMaintenance(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: RecordMaintenanceDto): Promise<MaintenanceLogResponseDto> {
    return this.assets.recordMaintenance(caller, id, dto);
  }

  @Get(':id/maintenance')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: "An asset's maintenance log, newest first" })
  @ApiPageResponse(MaintenanceLogResponseDto)
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_ASSET)
  listAssetMaintenance(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Query() query: PageQueryDto): Promise<Page<MaintenanceLogResponseDto>> {
    return this.assets.listMaintenance(caller, id, query);
  }
}
