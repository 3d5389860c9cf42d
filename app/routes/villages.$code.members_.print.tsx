import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { FilingRegisterPrint } from "~/components/members/FilingRegisterPrint";
import { filingPrintQuery, filingRows, filingSummary } from "~/domain/members/export";
import { pageTitle } from "~/i18n/meta";
import { organisationName, registerForFiling } from "~/models/member-export.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { parseQuery } from "~/utils/query.server";
import { todayInChina } from "~/utils/today.server";
import filingCss from "~/styles/member-filing.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: filingCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.memberRegisterPrint", undefined, data?.village.name) },
];

/**
 * GET /villages/:code/members/print?on=YYYY-MM-DD[&current=1] — the 成员名册 on a date for
 * filing with the town and the county: A4 landscape, ID numbers masked, a header, page numbers
 * and the signature block. Whoever may read the village's pages may print it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village: place } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const q = await parseQuery(request, filingPrintQuery(today));
  const db = await getDb();
  const [village, organisation, read] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    organisationName({ db, villageCode: place.code }),
    registerForFiling({ db, villageCode: place.code, on: q.on, ids: "masked" }),
  ]);
  // masked ID numbers need no key: a refusal comes only with "full"
  const rows = read.ok ? filingRows(read.persons, q.on, q.current ? "current" : "ever") : [];
  return {
    village: {
      code: village!.code,
      name: village!.name,
      place: [village!.provinceName, village!.cityName, village!.countyName, village!.townName, village!.name].join(""),
    },
    organisation,
    on: q.on,
    today,
    current: q.current === "1",
    summary: filingSummary(rows, q.on),
    rows: rows.map((r) => ({
      no: r.no,
      head: r.head,
      name: r.name,
      relation: r.relation,
      sex: r.sex,
      birthDate: r.birthDate,
      idNumber: r.idNumber,
      confirmedOn: r.confirmedOn,
      confirmationBasis: r.confirmationBasis,
      lostOn: r.lost ? r.lostOn : null,
      lossReason: r.lost ? r.lossReason : null,
      lossNote: r.lost ? r.lossNote : null,
    })),
  };
}

export default function MemberRegisterPrint() {
  return <FilingRegisterPrint data={useLoaderData<typeof loader>()} />;
}
