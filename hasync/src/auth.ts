import { z } from "zod";

/** `POST /api/v1/auth/login`. Limits keep absurd inputs (100 kB usernames) out before any work. */
export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const AdminUserSchema = z.object({
  name: z.string(),
  display_name: z.string().nullable(),
  /** `ingress`: signed in to Home Assistant and opened from its sidebar; `password`: LAN login. */
  via: z.enum(["ingress", "password"]),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

/** `GET /api/v1/auth/me` and the body of a successful login. */
export const MeResponseSchema = z.object({ user: AdminUserSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** `GET /api/v1/auth/status` (public): what the login page needs to say. */
export const AuthStatusResponseSchema = z.object({
  password_login: z.object({
    enabled: z.boolean(),
    /** Why password login is off, in words, with what to do about it. */
    reason: z.string().nullable(),
  }),
  /** True when this request came through Home Assistant's ingress. */
  ingress: z.boolean(),
});
export type AuthStatusResponse = z.infer<typeof AuthStatusResponseSchema>;
