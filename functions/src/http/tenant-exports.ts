import { z } from 'zod';
import { EXPORT_KINDS, Id } from '../domain';
import { type HttpDeps, type HttpRoute, json, tenantAdmin } from './pipeline';

const EXPORT = 'The export';
const Kind = z.enum(EXPORT_KINDS);

/** `/api/tenant/exports`: a tenant admin exports the tenant's data as NDJSON files, written in the background. */
export function tenantExportRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-exports-start',
      methods: ['POST'],
      route: 'tenant/exports',
      handler: tenantAdmin(deps, async (call) => {
        const { job } = await deps.exports.start(call.viewer);
        return json(202, job, { location: `/api/tenant/exports/${job.id}` });
      }),
    },
    {
      name: 'tenant-exports-get',
      methods: ['GET'],
      route: 'tenant/exports/{id}',
      handler: tenantAdmin(deps, async (call) => json(200, await deps.exports.get(call.viewer, call.param('id', Id, EXPORT)))),
    },
    {
      name: 'tenant-exports-file',
      methods: ['GET'],
      route: 'tenant/exports/{id}/files/{kind}',
      handler: tenantAdmin(deps, async (call) => {
        const file = await deps.exports.file(call.viewer, call.param('id', Id, EXPORT), call.param('kind', Kind, 'The export file'));
        return {
          status: 200,
          headers: {
            'content-type': file.contentType,
            'content-length': String(file.size),
            'content-disposition': `attachment; filename="${file.filename}"`,
            'cache-control': 'no-store',
          },
          body: file.body,
        };
      }),
    },
  ];
}
