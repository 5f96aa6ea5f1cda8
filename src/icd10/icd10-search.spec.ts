import { planIcd10Search } from './icd10-search';

describe('planIcd10Search', () => {
  it('lists everything without a query', () => {
    expect(planIcd10Search(undefined)).toEqual({ kind: 'all' });
    expect(planIcd10Search('   ')).toEqual({ kind: 'all' });
  });

  it.each([
    ['e', 'E'],
    ['E1', 'E1'],
    ['e11', 'E11'],
    ['E11.', 'E11'],
    ['e119', 'E11.9'],
    ['E11.9', 'E11.9'],
    [' s525 ', 'S52.5'],
    ['W1900', 'W19.00'],
  ])('reads %j as the code prefix %s, dot optional', (q, prefix) => {
    expect(planIcd10Search(q)).toEqual({ kind: 'code', prefix });
  });

  it('makes every indexable word a required FULLTEXT prefix term', () => {
    expect(planIcd10Search('Diabetes  mellitus')).toEqual({ kind: 'words', fulltext: '+diabetes* +mellitus*', wordStarts: [] });
    expect(planIcd10Search('tuberc lung tuberc')).toEqual({ kind: 'words', fulltext: '+tuberc* +lung*', wordStarts: [] });
  });

  it('checks short words and stopwords by word start, as the index does not hold them', () => {
    expect(planIcd10Search('type 2 diabetes')).toEqual({ kind: 'words', fulltext: '+type* +diabetes*', wordStarts: ['\\b2'] });
    expect(planIcd10Search('fracture of radius')).toEqual({ kind: 'words', fulltext: '+fracture* +radius*', wordStarts: ['\\bof'] });
    expect(planIcd10Search('tb')).toEqual({ kind: 'words', fulltext: null, wordStarts: ['\\btb'] });
  });

  it('drops punctuation, so nothing reaches MATCH or REGEXP as an operator', () => {
    expect(planIcd10Search('+pre-eclampsia* (severe) "x"')).toEqual({
      kind: 'words',
      fulltext: '+pre* +eclampsia* +severe*',
      wordStarts: ['\\bx'],
    });
    expect(planIcd10Search('.*[]')).toEqual({ kind: 'nothing' });
  });

  it('keeps letters beyond ASCII', () => {
    expect(planIcd10Search('Ménière')).toEqual({ kind: 'words', fulltext: '+ménière*', wordStarts: [] });
  });
});
