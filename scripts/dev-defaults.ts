/** The signing key `npm start` and `npm run token` use when AUTH_JWT_SECRET is not set (local use only). */
export const LOCAL_JWT_SECRET = 'local-development-secret-change-me';
