import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { RequireAnyPermission, RequirePermissions } from '../../common/auth/auth.decorators';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam } from '../../common/http/id-param';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { CreateDrugDto, DrugQueryDto, DrugResponseDto, UpdateDrugDto } from './drug.dto';
import { DrugsService } from './drugs.service';

const NO_DRUG = { description: 'No such drug', type: ErrorResponseDto };
const BAD = { description: 'Invalid fields (details name each)', type: ErrorResponseDto };
// Prescribers, dispensers and stock keepers all look drugs up.
const READERS = [Permission.PrescriptionsRead, Permission.PrescriptionsWrite, Permission.PharmacyDispense, Permission.InventoryRead] as const;

@ApiTags('Pharmacy')
@AuditResource('drug')
@Controller('drugs')
export class DrugsController {
  constructor(private readonly drugs: DrugsService) {}

  @Get()
  @RequireAnyPermission(...READERS)
  @ApiOperation({ summary: 'Search the drug catalogue by code, generic or brand name, schedule, class or ATC code' })
  @ApiPageResponse(DrugResponseDto)
  @ApiBadRequestResponse(BAD)
  listDrugs(@Query() query: DrugQueryDto): Promise<Page<DrugResponseDto>> {
    return this.drugs.listDrugs(query);
  }

  @Get(':id')
  @RequireAnyPermission(...READERS)
  @ApiOperation({ summary: 'A drug in the catalogue' })
  @ApiOkResponse({ type: DrugResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_DRUG)
  getDrug(@IdParam() id: string): Promise<DrugResponseDto> {
    return this.drugs.getDrug(id);
  }

  @Post()
  @RequirePermissions(Permission.PharmacyCatalogue)
  @ApiOperation({ summary: 'Add a drug; its medicine inventory item (same code) is created with it unless inventoryItemId links one' })
  @ApiCreatedResponse({ type: DrugResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({
    description: 'DRUG_CODE_TAKEN: a drug or inventory item has this code; DRUG_INVENTORY_ITEM_LINKED: the item belongs to another drug',
    type: ErrorResponseDto,
  })
  createDrug(@Body() dto: CreateDrugDto): Promise<DrugResponseDto> {
    return this.drugs.createDrug(dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.PharmacyCatalogue)
  @ApiOperation({ summary: 'Correct or withdraw a drug; send the version you read' })
  @ApiOkResponse({ type: DrugResponseDto })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse(NO_DRUG)
  @ApiConflictResponse({ description: 'DRUG_VERSION_CONFLICT: changed by someone else since you read it', type: ErrorResponseDto })
  updateDrug(@IdParam() id: string, @Body() dto: UpdateDrugDto): Promise<DrugResponseDto> {
    return this.drugs.updateDrug(id, dto);
  }
}
