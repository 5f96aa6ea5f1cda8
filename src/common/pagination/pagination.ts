import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PER_PAGE = 100;
/** Far beyond any real list; keeps the offset a plain integer the database accepts. */
export const MAX_PAGE = 1_000_000;

/** `page` and `perPage` for every list endpoint; extend it with the list's own filters. */
export class PageQueryDto {
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiProperty({ required: false, minimum: 1, maximum: MAX_PER_PAGE, default: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  perPage: number = 20;

  get offset(): number {
    return (this.page - 1) * this.perPage;
  }
}

export class PageMetaDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() perPage: number;
  @ApiProperty() totalPages: number;
  @ApiProperty() hasNext: boolean;
  @ApiProperty() hasPrev: boolean;
}

export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
}

export function pageOf<T>(data: T[], total: number, query: { page: number; perPage: number }): Page<T> {
  const totalPages = Math.ceil(total / query.perPage);
  return {
    data,
    meta: {
      total,
      page: query.page,
      perPage: query.perPage,
      totalPages,
      hasNext: query.page < totalPages,
      hasPrev: query.page > 1,
    },
  };
}

/** Documents `{data: Item[], meta}` with the real item schema, so generated clients are typed. */
export function ApiPageResponse(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(PageMetaDto, item),
    ApiOkResponse({
      schema: {
        title: `${item.name.replace(/Dto$/, '')}Page`,
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}
