import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam, UuidParam } from '../../common/http/id-param';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import {
  CreateInventoryItemDto,
  InventoryItemQueryDto,
  InventoryItemResponseDto,
  ReorderLevelResponseDto,
  SetReorderLevelDto,
  UpdateInventoryItemDto,
} from './catalogue.dto';
import { CatalogueService } from './catalogue.service';

const NO_ITEM = { description: 'No such inventory item', type: ErrorResponseDto };
const BAD = { description: 'Invalid fields (details name each)', type: ErrorResponseDto };

@ApiTags('Inventory')
@AuditResource('inventory_item')
@Controller('inventory/items')
export class InventoryItemsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post()
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Add a medicine or consumable to the inventory catalogue' })
  @ApiCreatedResponse({ type: InventoryItemResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({ description: 'INVENTORY_ITEM_CODE_TAKEN: another item has this code', type: ErrorResponseDto })
  createInventoryItem(@Body() dto: CreateInventoryItemDto): Promise<InventoryItemResponseDto> {
    return this.catalogue.createItem(dto);
  }

  @Get()
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Search the inventory catalogue by code or name prefix, ordered by code' })
  @ApiPageResponse(InventoryItemResponseDto)
  @ApiBadRequestResponse(BAD)
  listInventoryItems(@Query() query: InventoryItemQueryDto): Promise<Page<InventoryItemResponseDto>> {
    return this.catalogue.listItems(query);
  }

  @Get(':id')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'An inventory item' })
  @ApiOkResponse({ type: InventoryItemResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ITEM)
  getInventoryItem(@IdParam() id: string): Promise<InventoryItemResponseDto> {
    return this.catalogue.getItem(id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Rename, recategorise or (de)activate an item; send the version you read' })
  @ApiOkResponse({ type: InventoryItemResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_ITEM)
  @ApiConflictResponse({ description: 'INVENTORY_ITEM_VERSION_CONFLICT: changed by someone else since you read it', type: ErrorResponseDto })
  updateInventoryItem(@IdParam() id: string, @Body() dto: UpdateInventoryItemDto): Promise<InventoryItemResponseDto> {
    return this.catalogue.updateItem(id, dto);
  }

  @Put(':id/levels/:locationId')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Set an item's reorder level and reorder quantity at a stock location" })
  @ApiOkResponse({ type: ReorderLevelResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such item, or no such stock location in your jurisdiction', type: ErrorResponseDto })
  setReorderLevel(
    @CurrentUser() caller: AuthUser,
    @IdParam() id: string,
    @UuidParam('locationId') locationId: string,
    @Body() dto: SetReorderLevelDto,
  ): Promise<ReorderLevelResponseDto> {
    return this.catalogue.setReorderLevel(caller, id, locationId, dto);
  }

  @Get(':id/levels')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: "An item's reorder settings at the stock locations in your jurisdiction" })
  @ApiOkResponse({ type: [ReorderLevelResponseDto] })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ITEM)
  listReorderLevels(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<ReorderLevelResponseDto[]> {
    return this.catalogue.listReorderLevels(caller, id);
  }
}
