/** Repository permission levels, lowest first, as GitHub's collaborator permission API names them. */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSION_LEVELS)[number];

export function atLeast(have: Permission | null, need: Permission): boolean {
  if (have === null) return false; // the lookup failed: the answer is no
  return PERMISSION_LEVELS.indexOf(have) >= PERMISSION_LEVELS.indexOf(need);
}

/**
 * GitHub's `permission` field only says admin/write/read/none; `role_name` also knows maintain and triage.
 * Custom role names fall back to `permission`.
 */
export function permissionFrom(permission: string | undefined, roleName: string | undefined): Permission {
  const known = (value: string | undefined): value is Permission =>
    value !== undefined && (PERMISSION_LEVELS as readonly string[]).includes(value);
  if (known(roleName)) return roleName;
  if (known(permission)) return permission;
  return "none";
}
