import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { DrugSchedule } from './drug-catalogue';
import { DrugEntity } from './drug.entity';

/* The only place that touches the database for the drug catalogue. */

export interface DrugFilter {
  q?: string;
  schedule?: DrugSchedule;
  drugClass?: string;
  atcCode?: string;
  active?: boolean;
  offset: number;
  limit: number;
}

/** The inventory item a drug is linked to, as far as linking needs it. */
/** LIKE 'prefix%' with the prefix's own wildcards escaped. */
const prefix = (q: string) => `${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Words of at least 3 characters (InnoDB's FULLTEXT minimum token) as a BOOLEAN MODE query in which
 * every word must start a word of the name: 'clavulanic ac' → '+clavulanic*'. Null when none is long enough.
 */
export function fulltextWords(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  return words.length > 0 ? words.map((w) => `+${w}*`).join(' ') : null;
}

@Injectable()
export class DrugRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<DrugEntity | null> {
    return this.db(manager).getRepository(DrugEntity).createQueryBuilder('d').where('d.id = :id', { id }).getOne();
  }

  list(filter: DrugFilter): Promise<[DrugEntity[], number]> {
    const qb = this.db().getRepository(DrugEntity).createQueryBuilder('d');
    if (filter.q) {
      const like = prefix(filter.q);
      const words = fulltextWords(filter.q);
      qb.andWhere(
        new Brackets((w) => {
          w.where('d.code LIKE :like', { like }).orWhere('d.generic_name LIKE :like', { like }).orWhere('d.brand_name LIKE :like', { like });
          // A word inside the name: 'clavulanic' finds amoxicillin/clavulanic acid.
          if (words) w.orWhere('MATCH (d.generic_name, d.brand_name) AGAINST (:words IN BOOLEAN MODE)', { words });
        }),
      );
    }
    if (filter.schedule) qb.andWhere('d.schedule = :schedule', { schedule: filter.schedule });
    if (filter.drugClass) qb.andWhere('d.drug_class = :drugClass', { drugClass: filter.drugClass });
    if (filter.atcCode) qb.andWhere('d.atc_code LIKE :atc', { atc: prefix(filter.atcCode) });
    if (filter.active !== undefined) qb.andWhere('d.is_active = :active', { active: filter.active ? 1 : 0 });
    return qb
      .orderBy('d.generic_name', 'ASC')
      .addOrderBy('d.code', 'ASC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
  }

  async insert(manager: EntityManager, drug: QueryDeepPartialEntity<DrugEntity>): Promise<void> {
    await manager.getRepository(DrugEntity).insert(drug);
  }

  /** Optimistic update: false when the version moved on (or the row is gone). */
  async update(id: string, version: number, changes: QueryDeepPartialEntity<DrugEntity>, manager?: EntityManager): Promise<boolean> {
    const result = await this.db(manager)
      .createQueryBuilder()
      .update(DrugEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }
}
