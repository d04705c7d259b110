import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Problem } from '@statecraft/schema';
import { AppError } from '../app-error.ts';
import { fromStoreError } from '../services/store-errors.ts';

/** Fastify's own 4xx errors, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, { code: string; hint: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'HTTP_BAD_JSON', hint: 'Send a valid JSON document (check quotes, commas and brackets).' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'HTTP_BAD_JSON', hint: 'Send a JSON body, or drop the Content-Type: application/json header.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'HTTP_PAYLOAD_TOO_LARGE', hint: 'Send a smaller body (at most 5 MiB).' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'HTTP_UNSUPPORTED_MEDIA_TYPE', hint: 'Send the body as application/json.' },
};

function validationProblems(error: FastifyError): Problem[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const extra = (params['missingProperty'] ?? params['additionalProperty']) as string | undefined;
    const path = `/${context}${v.instancePath}${extra ? `/${extra}` : ''}`;
    return {
      path,
      code: 'HTTP_VALIDATION',
      message: `${path} ${v.message ?? 'is invalid'}`,
      ...(v.keyword === 'additionalProperties' ? { hint: `Remove "${extra}"; it is not accepted here.` } : {}),
      ...(v.keyword === 'required' ? { hint: `Add "${extra}".` } : {}),
      severity: 'error' as const,
    };
  });
}

/**
 * Turns every error into `{ error: { code, message, hint?, problems? } }` with a stable code:
 * AppError as is, request validation as HTTP_VALIDATION with one problem per failed keyword,
 * store errors by their STORE_* code, and anything unexpected as INTERNAL_ERROR (logged, not shown).
 */
export const errorsPlugin = fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((raw: FastifyError | AppError, request, reply) => {
      let error: AppError;
      if (raw instanceof AppError) error = raw;
      else if ((raw as FastifyError).validation) {
        const problems = validationProblems(raw as FastifyError);
        error = new AppError('HTTP_VALIDATION', 400, `The request is invalid: ${problems.map((p) => p.message).join('; ')}.`, {
          hint: 'Fix the listed problems; /docs describes every route’s parameters and body.',
          problems,
        });
      } else if ((raw as FastifyError).code && FASTIFY_CODES[(raw as FastifyError).code]) {
        const m = FASTIFY_CODES[(raw as FastifyError).code]!;
        error = new AppError(m.code, (raw as FastifyError).statusCode ?? 400, raw.message, { hint: m.hint });
      } else {
        const fromStore = fromStoreError(raw);
        if (fromStore) error = fromStore;
        else if ((raw as FastifyError).statusCode && (raw as FastifyError).statusCode! < 500) {
          error = new AppError('HTTP_BAD_REQUEST', (raw as FastifyError).statusCode!, raw.message, {
            hint: 'Check the request against /docs.',
          });
        } else {
          request.log.error({ err: raw }, 'unexpected error');
          error = new AppError('INTERNAL_ERROR', 500, 'The server failed to handle this request; the error is in its log.', {
            hint: 'Try again; if it keeps failing, report the time of the request to your administrator.',
          });
        }
      }
      if (error.statusCode >= 500 && error.code !== 'INTERNAL_ERROR') request.log.error({ err: raw }, error.message);
      return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.toBody());
    });

    app.setNotFoundHandler((request, reply) => {
      const error = new AppError('HTTP_NOT_FOUND', 404, `There is no route ${request.method} ${request.url.split('?')[0]}.`, {
        hint: 'See /docs for the list of routes.',
      });
      return reply.code(404).send(error.toBody());
    });
  },
  { name: 'statecraft-errors' },
);
