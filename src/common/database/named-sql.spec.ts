import { optionalFilters } from './named-sql';

describe('optionalFilters', () => {
  it('keeps the filters that are set, false and 0 included, and names their parameters', () => {
    expect(
      optionalFilters([
        ['a.kind = :kind', 'kind', 'issue'],
        ['a.item_id = :itemId', 'itemId', undefined],
        ['a.note = :note', 'note', ''],
        ['a.batch_id = :batchId', 'batchId', null],
        ['a.is_active = :active', 'active', 0],
      ]),
    ).toEqual({ conditions: ['a.kind = :kind', 'a.is_active = :active'], params: { kind: 'issue', active: 0 } });
  });
});
