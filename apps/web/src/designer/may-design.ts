import type { CurrentUser } from '../api/types.ts';

/** The role that designs apps besides superusers (the server's DESIGNER_ROLE). */
export const DESIGNER_ROLE = 'analyst';

/** Whether the user may open the designer: administrators and analysts. */
export const mayDesign = (user: CurrentUser) => user.superuser || user.roles.includes(DESIGNER_ROLE);
