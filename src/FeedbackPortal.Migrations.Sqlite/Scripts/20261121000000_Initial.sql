CREATE TABLE "agencies" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "NameVi" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "ContactEmail" TEXT NULL,
    "HeadEmail" TEXT NULL,
    "ExternalConsumer" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "RequiresAnswerApproval" INTEGER NOT NULL,
    "LocalityCode" TEXT NULL,
    "LocalityNameVi" TEXT NULL,
    "LocalityNameEn" TEXT NULL,
    "MergedFrom" TEXT NULL
);
-- statement
CREATE TABLE "api_clients" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_api_clients" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "AgencyCode" TEXT NULL,
    "KeyHash" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
-- statement
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);
-- statement
CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "JobTitle" TEXT NULL,
    "Unit" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);
-- statement
CREATE TABLE "audit_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "ActorName" TEXT NULL,
    "IsApiClient" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "TrackingCode" TEXT NULL,
    "Details" TEXT NULL,
    "IpAddress" TEXT NULL,
    "UserAgent" TEXT NULL
);
-- statement
CREATE TABLE "email_bounces" (
    "AddressHash" TEXT NOT NULL CONSTRAINT "PK_email_bounces" PRIMARY KEY,
    "StatusCode" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    "FirstBouncedAt" INTEGER NOT NULL,
    "LastBouncedAt" INTEGER NOT NULL,
    "SuppressedUntil" INTEGER NOT NULL
);
-- statement
CREATE TABLE "fields" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_fields" PRIMARY KEY,
    "NameVi" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "DefaultAgencyCode" TEXT NOT NULL,
    "Local" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL
);
-- statement
CREATE TABLE "job_leases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_job_leases" PRIMARY KEY,
    "Owner" TEXT NULL,
    "Until" INTEGER NULL
);
-- statement
CREATE TABLE "monthly_report_dispatches" (
    "Month" TEXT NOT NULL,
    "Scope" TEXT NOT NULL,
    "Recipients" INTEGER NOT NULL,
    "QueuedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_monthly_report_dispatches" PRIMARY KEY ("Month", "Scope")
);
-- statement
CREATE TABLE "outbox_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Destination" TEXT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DispatchedAt" INTEGER NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "LockedUntil" INTEGER NULL,
    "LockedBy" TEXT NULL,
    "TraceParent" TEXT NULL
);
-- statement
CREATE TABLE "response_templates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_response_templates" PRIMARY KEY AUTOINCREMENT,
    "AgencyCode" TEXT NOT NULL,
    "FieldCode" TEXT NULL,
    "Name" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL
);
-- statement
CREATE TABLE "routing_rules" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_routing_rules" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NULL,
    "FieldCode" TEXT NULL,
    "LocalityCode" TEXT NULL,
    "TargetAgencyCode" TEXT NULL,
    "ToLocalityAgency" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CommuneCodes" TEXT NULL,
    "Description" TEXT NOT NULL
);
-- statement
CREATE TABLE "sent_notifications" (
    "NotificationId" TEXT NOT NULL CONSTRAINT "PK_sent_notifications" PRIMARY KEY,
    "Template" TEXT NOT NULL,
    "SubmissionId" TEXT NULL,
    "SentAt" INTEGER NOT NULL,
    "Outcome" TEXT NOT NULL
);
-- statement
CREATE TABLE "strategic_systems" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_strategic_systems" PRIMARY KEY,
    "NameVi" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL
);
-- statement
CREATE TABLE "submissions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_submissions" PRIMARY KEY,
    "PendingAnswer" TEXT NULL,
    "PendingAnswerBy" TEXT NULL,
    "TrackingCode" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "FieldCode" TEXT NOT NULL,
    "SystemCode" TEXT NULL,
    "LocalityCode" TEXT NULL,
    "CommuneWard" TEXT NULL,
    "CommuneCode" TEXT NULL,
    "ExpectedImpact" TEXT NULL,
    "SupportRequested" TEXT NULL,
    "submitter_name" TEXT NOT NULL,
    "submitter_email" TEXT NOT NULL,
    "submitter_phone" TEXT NULL,
    "organization_name" TEXT NULL,
    "organization_tax_code" TEXT NULL,
    "ConsentPolicyVersion" TEXT NOT NULL,
    "ConsentedAt" INTEGER NOT NULL,
    "AllowPublish" INTEGER NOT NULL,
    "Language" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "AgencyCode" TEXT NULL,
    "RoutingRuleId" INTEGER NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Deadline" INTEGER NULL,
    "ClockPausedAt" INTEGER NULL,
    "AssigneeId" TEXT NULL,
    "AssigneeName" TEXT NULL,
    "Task" TEXT NULL,
    "Answer" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "RejectionReason" TEXT NULL,
    "MergedIntoTrackingCode" TEXT NULL,
    "EscalationLevel" INTEGER NOT NULL,
    "LastEscalatedAt" INTEGER NULL,
    "LastRemindedAt" INTEGER NULL,
    "Satisfaction" INTEGER NULL,
    "Version" TEXT NOT NULL,
    "EvaluationScore" INTEGER NULL,
    "PublicTitle" TEXT NULL,
    "PublicContent" TEXT NULL,
    "PublicAnswer" TEXT NULL,
    "PublishedAt" INTEGER NULL,
    "PublishedBy" TEXT NULL,
    "ConsentWithdrawnAt" INTEGER NULL,
    "PersonalDataErasedAt" INTEGER NULL,
    "ReviewRequestedAt" INTEGER NULL
);
-- statement
CREATE TABLE "used_captchas" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_used_captchas" PRIMARY KEY,
    "ExpiresAt" INTEGER NOT NULL
);
-- statement
CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "staff_agencies" (
    "UserId" TEXT NOT NULL,
    "AgencyCode" TEXT NOT NULL,
    CONSTRAINT "PK_staff_agencies" PRIMARY KEY ("UserId", "AgencyCode"),
    CONSTRAINT "FK_staff_agencies_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "attachments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_attachments" PRIMARY KEY,
    "SubmissionId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    "Purpose" TEXT NOT NULL,
    CONSTRAINT "FK_attachments_submissions_SubmissionId" FOREIGN KEY ("SubmissionId") REFERENCES "submissions" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "idempotency_keys" (
    "Scope" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "SubmissionId" TEXT NOT NULL,
    "ResponseStatus" INTEGER NOT NULL,
    "ResponseLocation" TEXT NULL,
    "ResponseBody" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("Scope", "Key"),
    CONSTRAINT "FK_idempotency_keys_submissions_SubmissionId" FOREIGN KEY ("SubmissionId") REFERENCES "submissions" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "submission_ratings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_submission_ratings" PRIMARY KEY,
    "SubmissionId" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "Comment" TEXT NULL,
    "ReviewRequested" INTEGER NOT NULL,
    "AnsweredAt" INTEGER NOT NULL,
    "AgencyCode" TEXT NULL,
    "RatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_submission_ratings_submissions_SubmissionId" FOREIGN KEY ("SubmissionId") REFERENCES "submissions" ("Id") ON DELETE CASCADE
);
-- statement
CREATE TABLE "timeline_events" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_timeline_events" PRIMARY KEY,
    "SubmissionId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "PublicNote" TEXT NULL,
    "InternalNote" TEXT NULL,
    "AgencyCode" TEXT NULL,
    "RoutingRuleId" INTEGER NULL,
    CONSTRAINT "FK_timeline_events_submissions_SubmissionId" FOREIGN KEY ("SubmissionId") REFERENCES "submissions" ("Id") ON DELETE CASCADE
);
-- statement
CREATE UNIQUE INDEX "IX_agencies_LocalityCode" ON "agencies" ("LocalityCode");
-- statement
CREATE UNIQUE INDEX "IX_api_clients_KeyHash" ON "api_clients" ("KeyHash");
-- statement
CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");
-- statement
CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");
-- statement
CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");
-- statement
CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");
-- statement
CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");
-- statement
CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");
-- statement
CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");
-- statement
CREATE INDEX "IX_attachments_SubmissionId" ON "attachments" ("SubmissionId");
-- statement
CREATE INDEX "IX_audit_entries_Actor_At" ON "audit_entries" ("Actor", "At");
-- statement
CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");
-- statement
CREATE INDEX "IX_audit_entries_TrackingCode_At" ON "audit_entries" ("TrackingCode", "At");
-- statement
CREATE INDEX "IX_idempotency_keys_ExpiresAt" ON "idempotency_keys" ("ExpiresAt");
-- statement
CREATE INDEX "IX_idempotency_keys_SubmissionId" ON "idempotency_keys" ("SubmissionId");
-- statement
CREATE INDEX "IX_outbox_messages_DispatchedAt_Id" ON "outbox_messages" ("DispatchedAt", "Id");
-- statement
CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");
-- statement
CREATE INDEX "IX_response_templates_AgencyCode_FieldCode" ON "response_templates" ("AgencyCode", "FieldCode");
-- statement
CREATE INDEX "IX_staff_agencies_AgencyCode" ON "staff_agencies" ("AgencyCode");
-- statement
CREATE INDEX "IX_submission_ratings_AgencyCode_RatedAt" ON "submission_ratings" ("AgencyCode", "RatedAt");
-- statement
CREATE UNIQUE INDEX "IX_submission_ratings_SubmissionId_AnsweredAt" ON "submission_ratings" ("SubmissionId", "AnsweredAt");
-- statement
CREATE INDEX "IX_submissions_AgencyCode_SubmittedAt" ON "submissions" ("AgencyCode", "SubmittedAt");
-- statement
CREATE INDEX "IX_submissions_LocalityCode_CommuneCode" ON "submissions" ("LocalityCode", "CommuneCode");
-- statement
CREATE INDEX "IX_submissions_Status_Deadline" ON "submissions" ("Status", "Deadline");
-- statement
CREATE UNIQUE INDEX "IX_submissions_TrackingCode" ON "submissions" ("TrackingCode");
-- statement
CREATE INDEX "IX_timeline_events_SubmissionId_At" ON "timeline_events" ("SubmissionId", "At");
-- statement
CREATE INDEX "IX_used_captchas_ExpiresAt" ON "used_captchas" ("ExpiresAt");
