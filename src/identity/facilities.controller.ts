import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { IdParam } from '../common/http/id-param';
import { AuditResource } from '../common/audit/audit.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { FacilitiesService } from './facilities.service';
import { ClinicDto, ClinicQueryDto, CreateClinicDto, CreateDistrictDto, DistrictDto, DistrictQueryDto, ProvinceDto } from './facility.dto';

@ApiTags('Identity')
@AuditResource('facility')
@Controller()
export class FacilitiesController {
  constructor(private readonly facilities: FacilitiesService) {}

  @Get('provinces')
  @RequirePermissions(Permission.FacilitiesRead)
  @ApiOperation({ summary: "South Africa's nine provinces" })
  @ApiOkResponse({ type: [ProvinceDto] })
  listProvinces(): Promise<ProvinceDto[]> {
    return this.facilities.listProvinces();
  }

  @Get('districts')
  @RequirePermissions(Permission.FacilitiesRead)
  @ApiOperation({ summary: 'Health districts' })
  @ApiPageResponse(DistrictDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  listDistricts(@Query() query: DistrictQueryDto): Promise<Page<DistrictDto>> {
    return this.facilities.listDistricts(query);
  }

  @Post('districts')
  @RequirePermissions(Permission.FacilitiesManage)
  @ApiOperation({ summary: 'Add a district to a province' })
  @ApiCreatedResponse({ type: DistrictDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a province that does not exist', type: ErrorResponseDto })
  @ApiForbiddenResponse({ description: `Requires ${Permission.FacilitiesManage}; JURISDICTION_OUTSIDE_SCOPE: the province is not yours`, type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  createDistrict(@CurrentUser() caller: AuthUser, @Body() dto: CreateDistrictDto): Promise<DistrictDto> {
    return this.facilities.createDistrict(caller, dto);
  }

  @Get('clinics')
  @RequirePermissions(Permission.FacilitiesRead)
  @ApiOperation({ summary: 'Fixed and mobile clinics in your jurisdiction' })
  @ApiPageResponse(ClinicDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  listClinics(@CurrentUser() caller: AuthUser, @Query() query: ClinicQueryDto): Promise<Page<ClinicDto>> {
    return this.facilities.listClinics(caller, query);
  }

  @Get('clinics/:id')
  @RequirePermissions(Permission.FacilitiesRead)
  @ApiOperation({ summary: 'One clinic' })
  @ApiOkResponse({ type: ClinicDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getClinic(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<ClinicDto> {
    return this.facilities.getClinic(caller, id);
  }

  @Post('clinics')
  @RequirePermissions(Permission.FacilitiesManage)
  @ApiOperation({ summary: 'Register a fixed or mobile clinic in a district' })
  @ApiCreatedResponse({ type: ClinicDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a district that does not exist', type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  createClinic(@CurrentUser() caller: AuthUser, @Body() dto: CreateClinicDto): Promise<ClinicDto> {
    return this.facilities.createClinic(caller, dto);
  }
}
