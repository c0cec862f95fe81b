import { DashboardSkeleton } from "@/components/metrics/dashboard-skeleton";

export default function Loading() {
  return <DashboardSkeleton title="Journey" />;
}
