import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { isDuplicateKeyError } from '../../common/database/mysql-errors';
import { inTransaction } from '../../common/database/transaction';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-errors';
import { Page, pageOf } from '../../common/pagination/pagination';
import { CreateDrugDto, DrugQueryDto, DrugResponseDto, toDrugResponse, UpdateDrugDto } from './drug.dto';
import { DrugEntity } from './drug.entity';
import { drugCodeTaken, drugInventoryItemLinked, drugVersionConflict } from './drug.errors';
import { DrugRepository } from './drug.repository';
import { CatalogueService } from '../../inventory';
import { isControlledSchedule } from '../prescription-safety';

const DEFAULT_CATEGORY = 'Medicines';

/** Keeps only the fields the client sent (undefined = unchanged; null clears). */
function sent<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Which unique key a duplicate-key error hit (MariaDB names it in the message). */
function duplicateKey(error: unknown): string {
  return error instanceof QueryFailedError ? String((error.driverError as { sqlMessage?: string }).sqlMessage ?? error.message) : String(error);
}

/**
 * The drug catalogue: national reference data (no jurisdiction). Every drug is stocked as the
 * inventory item with the same code, counted in the drug's dispensing unit.
 */
@Injectable()
export class DrugsService {
  constructor(
    private readonly drugs: DrugRepository,
    private readonly catalogue: CatalogueService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async listDrugs(query: DrugQueryDto): Promise<Page<DrugResponseDto>> {
    const [rows, total] = await this.drugs.list({
      q: query.q,
      schedule: query.schedule,
      drugClass: query.drugClass,
      atcCode: query.atcCode,
      active: query.active,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toDrugResponse), total, query);
  }

  async getDrug(id: string): Promise<DrugResponseDto> {
    return toDrugResponse(await this.findDrug(id));
  }

  /** The catalogue entry itself, for the prescribing and dispensing services; 404 when unknown. */
  async findDrug(id: string): Promise<DrugEntity> {
    const drug = await this.drugs.findById(id);
    if (!drug) throw new NotFoundError('Drug');
    return drug;
  }

  async createDrug(dto: CreateDrugDto): Promise<DrugResponseDto> {
    const id = randomUUID();
    try {
      await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        let inventoryItemId = dto.inventoryItemId;
        if (inventoryItemId) {
          const item = await this.catalogue.lockItemForLink(manager, inventoryItemId);
          const problems = [];
          if (!item) problems.push({ field: 'inventoryItemId', message: 'inventoryItemId is not a known inventory item' });
          else {
            if (item.kind !== 'medicine') problems.push({ field: 'inventoryItemId', message: 'inventoryItemId must be a medicine item' });
            if (item.code !== dto.code) problems.push({ field: 'code', message: "code must equal the linked inventory item's code" });
            if (item.unit !== dto.dispensingUnit) problems.push({ field: 'dispensingUnit', message: "dispensingUnit must equal the linked inventory item's unit" });
          }
          if (problems.length > 0) throw new ValidationFailedError(problems);
          await this.catalogue.setItemControlled(manager, inventoryItemId, isControlledSchedule(dto.schedule));
        } else {
          inventoryItemId = await this.catalogue.createMedicineItem(manager, {
            code: dto.code,
            name: `${dto.genericName} ${dto.strength} ${dto.dosageForm}`.slice(0, 200),
            category: dto.category ?? DEFAULT_CATEGORY,
            unit: dto.dispensingUnit,
            isControlled: isControlledSchedule(dto.schedule),
          });
        }
        await this.drugs.insert(manager, {
          id,
          code: dto.code,
          genericName: dto.genericName,
          brandName: dto.brandName ?? null,
          strength: dto.strength,
          dosageForm: dto.dosageForm,
          route: dto.route,
          packSize: dto.packSize,
          dispensingUnit: dto.dispensingUnit,
          nappiCode: dto.nappiCode ?? null,
          schedule: dto.schedule,
          atcCode: dto.atcCode,
          drugClass: dto.drugClass,
          inventoryItemId,
        });
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw duplicateKey(error).includes('uq_drugs_inventory_item') ? drugInventoryItemLinked() : drugCodeTaken();
      throw error;
    }
    return this.getDrug(id);
  }

  async updateDrug(id: string, dto: UpdateDrugDto): Promise<DrugResponseDto> {
    const current = await this.findDrug(id);
    if (current.version !== dto.version) throw drugVersionConflict();
    const changes = sent({
      genericName: dto.genericName,
      brandName: dto.brandName,
      strength: dto.strength,
      dosageForm: dto.dosageForm,
      route: dto.route,
      packSize: dto.packSize,
      nappiCode: dto.nappiCode,
      schedule: dto.schedule,
      atcCode: dto.atcCode,
      drugClass: dto.drugClass,
      isActive: dto.isActive,
    });
    if (Object.keys(changes).length > 0) {
      await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        if (!(await this.drugs.update(id, dto.version, changes, manager))) throw drugVersionConflict();
        // A change of schedule moves the drug's stock into or out of the controlled rules.
        if (dto.schedule !== undefined) await this.catalogue.setItemControlled(manager, current.inventoryItemId, isControlledSchedule(dto.schedule));
      });
    }
    return this.getDrug(id);
  }
}
