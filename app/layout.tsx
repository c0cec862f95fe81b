import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Warrant", template: "%s · Warrant" },
  description: "Audit trail and explanations for actions taken by AI agents in customer service",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
