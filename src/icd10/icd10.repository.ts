import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Icd10CodeEntity } from './icd10-code.entity';
import type { Icd10SearchPlan } from './icd10-search';

/** The only place that touches TypeORM for ICD-10 codes. */
@Injectable()
export class Icd10Repository {
  constructor(@InjectRepository(Icd10CodeEntity) private readonly codes: Repository<Icd10CodeEntity>) {}

  /** Active codes matching the plan (see icd10-search.ts for why each branch stays fast), in code order. */
  async search(
    plan: Icd10SearchPlan,
    filter: { validForClinicalUse?: boolean; offset: number; limit: number },
  ): Promise<[Icd10CodeEntity[], number]> {
    if (plan.kind === 'nothing') return [[], 0];
    const qb = this.codes.createQueryBuilder('c').where('c.active = 1');
    if (plan.kind === 'code') {
      // Only [A-Z0-9.] reach here: nothing to escape for LIKE. ascii_bin: a range scan of the primary key.
      qb.andWhere('c.code LIKE :prefix', { prefix: `${plan.prefix}%` });
    } else if (plan.kind === 'words') {
      if (plan.fulltext) qb.andWhere('MATCH(c.description) AGAINST (:fulltext IN BOOLEAN MODE)', { fulltext: plan.fulltext });
      plan.wordStarts.forEach((pattern, i) => qb.andWhere(`c.description REGEXP :word${i}`, { [`word${i}`]: pattern }));
    }
    if (filter.validForClinicalUse !== undefined) qb.andWhere('c.valid_clinical_use = :valid', { valid: filter.validForClinicalUse ? 1 : 0 });
    return qb.orderBy('c.code', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  findByCode(code: string): Promise<Icd10CodeEntity | null> {
    return this.codes.findOneBy({ code });
  }

  /** Every listed code that exists, in one query. */
  findByCodes(codes: string[]): Promise<Icd10CodeEntity[]> {
    return codes.length ? this.codes.findBy({ code: In(codes) }) : Promise.resolve([]);
  }
}
