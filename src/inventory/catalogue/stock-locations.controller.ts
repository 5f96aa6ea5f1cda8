import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam } from '../../common/http/id-param';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { CreateStockLocationDto, StockLocationQueryDto, StockLocationResponseDto, UpdateStockLocationDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';

const NO_LOCATION = { description: 'No such stock location, or it is outside your jurisdiction', type: ErrorResponseDto };
const BAD = { description: 'Invalid fields (details name each)', type: ErrorResponseDto };

@ApiTags('Inventory')
@AuditResource('stock_location')
@Controller('inventory/locations')
export class StockLocationsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post()
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Add a stock location (a clinic's store or a mobile unit) at a clinic in your jurisdiction" })
  @ApiCreatedResponse({ type: StockLocationResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such clinic, or it is outside your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'STOCK_LOCATION_CODE_TAKEN: another location has this code', type: ErrorResponseDto })
  createStockLocation(@CurrentUser() caller: AuthUser, @Body() dto: CreateStockLocationDto): Promise<StockLocationResponseDto> {
    return this.catalogue.createLocation(caller, dto);
  }

  @Get()
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'The stock locations in your jurisdiction, ordered by code' })
  @ApiPageResponse(StockLocationResponseDto)
  @ApiBadRequestResponse(BAD)
  listStockLocations(@CurrentUser() caller: AuthUser, @Query() query: StockLocationQueryDto): Promise<Page<StockLocationResponseDto>> {
    return this.catalogue.listLocations(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'A stock location' })
  @ApiOkResponse({ type: StockLocationResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  getStockLocation(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<StockLocationResponseDto> {
    return this.catalogue.getLocation(caller, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Rename or (de)activate a stock location' })
  @ApiOkResponse({ type: StockLocationResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_LOCATION)
  updateStockLocation(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: UpdateStockLocationDto): Promise<StockLocationResponseDto> {
    return this.catalogue.updateLocation(caller, id, dto);
  }
}
