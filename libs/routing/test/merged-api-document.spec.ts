import { type ApiDocument, MERGED_API_TITLE, mergeApiDocuments } from '../src/merged-api-document';

const claims: ApiDocument = {
  openapi: '3.0.0',
  info: { title: 'Claims', version: '1', description: 'Claims alone' },
  paths: { '/v1/claims': { post: { operationId: 'fileClaim' } } },
  components: {
    schemas: { Money: { type: 'object', title: 'first' }, Claim: { type: 'object' } },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
  tags: [{ name: 'claims' }, { name: 'shared' }],
  security: [{ bearer: [] }],
};

const settlement: ApiDocument = {
  openapi: '3.0.0',
  info: { title: 'Settlement', version: '1' },
  paths: {
    '/v1/payables': { get: { operationId: 'listPayables' } },
    '/v1/claims': { get: { operationId: 'readClaims' }, post: { operationId: 'other' } },
  },
  components: {
    schemas: { Money: { type: 'object', title: 'second' }, Payable: { type: 'object' } },
    responses: { NotFound: { description: 'Not found' } },
  },
  tags: [{ name: 'settlement' }, { name: 'shared' }],
};

describe('mergeApiDocuments', () => {
  const merged = mergeApiDocuments([claims, settlement]);

  it("holds every service's paths and operations under one title", () => {
    expect(Object.keys(merged.paths).sort()).toEqual(['/v1/claims', '/v1/payables']);
    expect(merged.paths['/v1/claims']).toEqual({
      post: { operationId: 'fileClaim' },
      get: { operationId: 'readClaims' },
    });
    expect(merged.info).toMatchObject({ title: MERGED_API_TITLE, version: '1' });
    expect(merged).toMatchObject({ openapi: '3.0.0', security: [{ bearer: [] }] });
  });

  it('unites components of every kind, keeping the first of two that differ', () => {
    expect(Object.keys(merged.components!.schemas).sort()).toEqual(['Claim', 'Money', 'Payable']);
    expect(merged.components!.schemas.Money).toEqual({ type: 'object', title: 'first' });
    expect(merged.components!.responses).toEqual({ NotFound: { description: 'Not found' } });
    expect(merged.components!.securitySchemes).toHaveProperty('bearer');
  });

  it('lists each tag once', () => {
    expect(merged.tags!.map((tag) => tag.name)).toEqual(['claims', 'shared', 'settlement']);
  });

  it('leaves the documents it merged as they were', () => {
    expect(Object.keys(claims.paths)).toEqual(['/v1/claims']);
    expect(claims.paths['/v1/claims']).toEqual({ post: { operationId: 'fileClaim' } });
    expect(Object.keys(claims.components!.schemas)).toEqual(['Money', 'Claim']);
  });
});
