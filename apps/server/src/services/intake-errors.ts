import { AppError } from '../app-error.ts';

export const isAppError = (err: unknown): err is AppError => err instanceof AppError || (typeof (err as { code?: unknown })?.code === 'string' && typeof (err as { statusCode?: unknown })?.statusCode === 'number');

/** The connector is not a channel (or webhook) connector of the app. */
export function connectorNotFound(appId: string, connectorId: string, kind: string): AppError {
  return new AppError('INTAKE_CONNECTOR_NOT_FOUND', 404, `App "${appId}" has no ${kind} connector "${connectorId}".`, {
    hint: 'List them with GET /api/apps/{app}/intake/connectors; connectors are added in the app definition (connectors[]).',
  });
}
