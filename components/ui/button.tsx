import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary: "bg-brand text-white hover:bg-blue-800 disabled:bg-blue-300",
  secondary: "border border-gray-300 bg-white text-ink hover:bg-gray-50 disabled:text-gray-400",
  danger: "border border-red-200 bg-white text-danger hover:bg-red-50 disabled:text-red-300",
} as const;

export function Button({
  variant = "primary",
  size = "md",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS; size?: "sm" | "md" }) {
  const sizing = size === "sm" ? "px-2.5 py-1 text-xs" : "px-4 py-2 text-sm";
  return <button className={`inline-flex items-center justify-center gap-1 rounded-md font-medium ${sizing} ${VARIANTS[variant]} ${className}`} {...props} />;
}
