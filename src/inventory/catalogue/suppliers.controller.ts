import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { RequirePermissions } from '../../common/auth/auth.decorators';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam } from '../../common/http/id-param';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { CreateSupplierDto, SupplierQueryDto, SupplierResponseDto, UpdateSupplierDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';

const NO_SUPPLIER = { description: 'No such supplier', type: ErrorResponseDto };
const BAD = { description: 'Invalid fields (details name each)', type: ErrorResponseDto };
const NAME_TAKEN = 'SUPPLIER_NAME_TAKEN: another supplier has this name';

@ApiTags('Inventory')
@AuditResource('supplier')
@Controller('inventory/suppliers')
export class SuppliersController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post()
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: 'Add a supplier' })
  @ApiCreatedResponse({ type: SupplierResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({ description: NAME_TAKEN, type: ErrorResponseDto })
  createSupplier(@Body() dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    return this.catalogue.createSupplier(dto);
  }

  @Get()
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Suppliers by name prefix, ordered by name' })
  @ApiPageResponse(SupplierResponseDto)
  @ApiBadRequestResponse(BAD)
  listSuppliers(@Query() query: SupplierQueryDto): Promise<Page<SupplierResponseDto>> {
    return this.catalogue.listSuppliers(query);
  }

  @Get(':id')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'A supplier' })
  @ApiOkResponse({ type: SupplierResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_SUPPLIER)
  getSupplier(@IdParam() id: string): Promise<SupplierResponseDto> {
    return this.catalogue.getSupplier(id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.InventoryManage)
  @ApiOperation({ summary: "Change a supplier's details or (de)activate it; send the version you read" })
  @ApiOkResponse({ type: SupplierResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_SUPPLIER)
  @ApiConflictResponse({ description: `SUPPLIER_VERSION_CONFLICT: changed by someone else since you read it; ${NAME_TAKEN}`, type: ErrorResponseDto })
  updateSupplier(@IdParam() id: string, @Body() dto: UpdateSupplierDto): Promise<SupplierResponseDto> {
    return this.catalogue.updateSupplier(id, dto);
  }
}
