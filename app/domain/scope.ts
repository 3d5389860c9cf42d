/**
 * Who may act where: pure rules over role grants and places, no I/O.
 *
 * A place is described by its chain of region codes, itself first: a village carries its own
 * code and its town, county, city and province codes (the villages table stores them), so
 * "grant R covers place P" is one membership test.
 */

export const ROLES = ["admin", "bureau", "town", "secretary", "member"] as const;
export type Role = (typeof ROLES)[number];

export type RegionLevel = "province" | "city" | "county" | "town" | "village";

/** A role grant as the scope rules see it. A member's grant names its household and that household's village. */
export type Grant = {
  id: number;
  role: Role;
  regionCode: string | null;
  householdId: number | null;
  /** members only: the village of the household */
  householdVillageCode: string | null;
};

export type VillagePlace = {
  kind: "village";
  code: string;
  townCode: string;
  countyCode: string;
  cityCode: string;
  provinceCode: string;
};
export type RegionPlace = { kind: "region"; code: string; level: RegionLevel; chain: string[] };
export type HouseholdPlace = { kind: "household"; id: number; village: VillagePlace };
export type Place = VillagePlace | RegionPlace | HouseholdPlace;

/** The place's own code and every enclosing region's code. */
export function chainOf(place: Place): string[] {
  switch (place.kind) {
    case "village":
      return [place.code, place.townCode, place.countyCode, place.cityCode, place.provinceCode];
    case "region":
      return place.chain;
    case "household":
      return chainOf(place.village);
  }
}

/** Which levels a region-scoped role may be granted at. */
export const GRANT_LEVELS: Record<Exclude<Role, "admin" | "member">, readonly RegionLevel[]> = {
  bureau: ["province", "city", "county"],
  town: ["town"],
  secretary: ["village"],
};

/**
 * Does the grant reach the place? Admin reaches everything; bureau, town and secretary grants
 * reach what lies within their region; a member's grant reaches its own household and (for
 * reading public data) its own village, never a region.
 */
export function covers(grant: Grant, place: Place): boolean {
  if (grant.role === "admin") return true;
  if (grant.role === "member") {
    if (place.kind === "household") return place.id === grant.householdId;
    if (place.kind === "village") return place.code === grant.householdVillageCode;
    return false;
  }
  return grant.regionCode != null && chainOf(place).includes(grant.regionCode);
}

/** The grants with one of the roles (all grants when roles is empty or undefined). */
export function grantsWithRole(grants: readonly Grant[], roles?: Role | readonly Role[]): Grant[] {
  if (roles == null) return [...grants];
  const list: readonly Role[] = typeof roles === "string" ? [roles] : roles;
  if (list.length === 0) return [...grants];
  return grants.filter((g) => list.includes(g.role));
}

/** Is there one grant, among those with the given roles, that reaches every place given? */
export function mayAct(grants: readonly Grant[], roles: Role | readonly Role[] | undefined, places: readonly Place[]) {
  return grantsWithRole(grants, roles).some((g) => places.every((p) => covers(g, p)));
}

/** The role that decides a user's home page when several are held. */
const HOME_ORDER: Role[] = ["admin", "bureau", "town", "secretary", "member"];

/** Where a user lands after signing in. */
export function homePath(grants: readonly Grant[]): string {
  for (const role of HOME_ORDER) {
    const g = grants.find((x) => x.role === role);
    if (!g) continue;
    switch (role) {
      case "admin":
        return "/admin";
      case "bureau":
      case "town":
        return `/regions/${g.regionCode}`;
      case "secretary":
        return `/villages/${g.regionCode}`;
      case "member":
        return "/me";
    }
  }
  return "/";
}

/** A grant someone wants to hand out, with the place it names. */
export type GrantRequest =
  { role: "admin" } | { role: "bureau" | "town" | "secretary"; region: RegionPlace } | { role: "member"; household: HouseholdPlace };

/**
 * May a user holding `grants` hand out this grant (when creating an account, or adding or
 * removing a role)? Admins: any. Bureaus: secretaries of villages within their region.
 * Secretaries: member logins for households of their village. Town officers and members: none.
 */
export function mayGrant(grants: readonly Grant[], request: GrantRequest): boolean {
  if (grants.some((g) => g.role === "admin")) return true;
  switch (request.role) {
    case "admin":
    case "bureau":
    case "town":
      return false;
    case "secretary":
      return request.region.level === "village" && mayAct(grants, "bureau", [request.region]);
    case "member":
      return mayAct(grants, "secretary", [request.household]);
  }
}

/** Is the grant request well-formed: the region at a level the role may be granted at? */
export function grantLevelFits(request: GrantRequest): boolean {
  if (request.role === "admin" || request.role === "member") return true;
  return GRANT_LEVELS[request.role].includes(request.region.level);
}

/**
 * May the actor manage (disable, reset, change roles of) a user holding `targetGrants`? Only when
 * the actor could have handed out every one of them; a user without grants is the admins' alone.
 * Nobody manages themselves here (they use the change-password page).
 */
export function mayManage(
  actor: { id: string; grants: readonly Grant[] },
  target: { id: string; grants: readonly GrantRequest[] },
): boolean {
  if (actor.id === target.id) return false;
  if (actor.grants.some((g) => g.role === "admin")) return true;
  if (target.grants.length === 0) return false;
  return target.grants.every((g) => mayGrant(actor.grants, g));
}

/** The roles a user may create accounts for (what the "new user" form offers). */
export function creatableRoles(grants: readonly Grant[]): Role[] {
  if (grants.some((g) => g.role === "admin")) return ["admin", "bureau", "town", "secretary", "member"];
  const out: Role[] = [];
  if (grants.some((g) => g.role === "bureau")) out.push("secretary");
  if (grants.some((g) => g.role === "secretary")) out.push("member");
  return out;
}
