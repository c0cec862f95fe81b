import { SettingsTabs } from "@/components/settings-tabs";

// Settings share a heading and tabs; each page checks the admin permission itself.
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-muted">Settings</p>
        <SettingsTabs />
      </div>
      {children}
    </div>
  );
}
