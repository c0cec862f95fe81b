import { describe, expect, it } from "vitest";
import { ApiError, errorResponse } from "./errors";
import { refusalMessage } from "./refusal";

describe("refusalMessage", () => {
  it("names the first issue's field, as the API's error answer gives it", async () => {
    const response = errorResponse(new ApiError(400, "invalid_query", "The query is not valid.", [{ path: "from", message: "must be before to" }]), "req-1");
    expect(await refusalMessage(response)).toBe("from: must be before to");
  });

  it("falls back to the message, then to the status when the body is not the API's JSON", async () => {
    expect(await refusalMessage(errorResponse(new ApiError(403, "forbidden", "Your role does not allow this."), "req-2"))).toBe("Your role does not allow this.");
    expect(await refusalMessage(new Response("<html>Bad gateway</html>", { status: 502 }))).toBe("The server answered 502.");
  });
});
