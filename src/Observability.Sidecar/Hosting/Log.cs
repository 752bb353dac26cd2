namespace Observability.Sidecar.Hosting;

/// <summary>Every log message of the host, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Replaying the event log in {Directory}")]
    public static partial void ReplayStarted(ILogger logger, string directory);

    [LoggerMessage(2, LogLevel.Information, "Replayed {Records} records ({Bytes} bytes, {Segments} segments) in {Seconds:F3} s; ready")]
    public static partial void ReplayFinished(ILogger logger, long records, long bytes, int segments, double seconds);

    [LoggerMessage(3, LogLevel.Warning, "Event log recovery cut {DroppedBytes} bytes at offset {Offset} of {Segment}: {Reason}")]
    public static partial void Recovered(ILogger logger, string segment, long offset, long droppedBytes, string reason);

    [LoggerMessage(4, LogLevel.Error, "Event log write failed; appends answer 503 until a write succeeds")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Shutting down: readiness is false, draining the event log")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "Event log closed and flushed")]
    public static partial void LogClosed(ILogger logger);

    [LoggerMessage(7, LogLevel.Critical, "The event log could not be opened in {Directory}")]
    public static partial void OpenFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Loaded {Rules} mapping rules for {Families} metric families")]
    public static partial void MappingLoaded(ILogger logger, int rules, int families);

    [LoggerMessage(9, LogLevel.Information, "Exporting traces and metrics over OTLP to {Endpoint}")]
    public static partial void OtlpEnabled(ILogger logger, string endpoint);

    [LoggerMessage(10, LogLevel.Information, "New event log segment {Segment}")]
    public static partial void SegmentCreated(ILogger logger, string segment);

    [LoggerMessage(12, LogLevel.Warning, "Event log damage in {Segment} at bytes {Offset} to {End}: {Records} records unreadable from sequence {FirstSequence} ({Reason}); skipped, the records after it are kept; copied to {Quarantine}")]
    public static partial void Damaged(ILogger logger, string segment, long offset, long end, long records, long firstSequence, string reason, string quarantine);

    [LoggerMessage(13, LogLevel.Warning, "Event log damage in {Segment} at offset {Offset} could not be copied to quarantine: {Error}; it stays in the segment")]
    public static partial void QuarantineFailed(ILogger logger, string segment, long offset, string error);

    [LoggerMessage(14, LogLevel.Warning, "Event log records missing: sequences {FirstSequence} to {LastSequence} ({Count} records) before {Segment}: {Reason}")]
    public static partial void RecordsMissing(ILogger logger, long firstSequence, long lastSequence, long count, string segment, string reason);

    [LoggerMessage(40, LogLevel.Information, "Threshold {Threshold} {Direction} for {Project} at {Value} (n={N}/{Window}), stored as {CrossingId}")]
    public static partial void ThresholdCrossed(ILogger logger, string threshold, string direction, string project, double value, int n, int window, string crossingId);

    [LoggerMessage(41, LogLevel.Warning, "{Count} threshold crossings could not be stored yet; retrying")]
    public static partial void CrossingsNotStored(ILogger logger, int count, Exception exception);

    [LoggerMessage(42, LogLevel.Error, "Threshold crossing {CrossingId} was rejected by the catalogue: {Field}: {Reason}")]
    public static partial void CrossingRejected(ILogger logger, string crossingId, string? field, string? reason);

    [LoggerMessage(44, LogLevel.Warning, "Webhook receiver {Receiver} failed on crossing {CrossingId} (attempt {Attempt}): {Outcome}; next attempt in {DelaySeconds:F1} s")]
    public static partial void WebhookAttemptFailed(ILogger logger, string receiver, string crossingId, int attempt, string outcome, double delaySeconds);

    [LoggerMessage(60, LogLevel.Error, "Unhandled exception for {Method} {Path}; answered 500")]
    public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(61, LogLevel.Information, "Client error for {Method} {Path}: answered {Status}: {Reason}")]
    public static partial void ClientError(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(62, LogLevel.Information, "The client went away during {Method} {Path}: {Reason}")]
    public static partial void ClientGone(ILogger logger, string method, string path, string reason);

    [LoggerMessage(70, LogLevel.Information, "Restored the derived state of {Records} records from {Path}; replaying only the records after them")]
    public static partial void SnapshotRestored(ILogger logger, long records, string path);

    [LoggerMessage(71, LogLevel.Warning, "Not using the state snapshot {Path}: {Reason}; replaying the whole log")]
    public static partial void SnapshotUnused(ILogger logger, string path, string reason);

    [LoggerMessage(72, LogLevel.Information, "Wrote the state snapshot {Path} ({Records} records, {Bytes} bytes) in {Seconds:F3} s")]
    public static partial void SnapshotWritten(ILogger logger, string path, long records, long bytes, double seconds);

    [LoggerMessage(73, LogLevel.Warning, "Could not write the state snapshot {Path}; the next start replays the whole log")]
    public static partial void SnapshotFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(75, LogLevel.Critical, "The state snapshot {Path} could not be restored and was deleted; stopping so that the restart replays the whole log")]
    public static partial void SnapshotBroken(ILogger logger, string path, Exception exception);

    [LoggerMessage(90, LogLevel.Warning, "Test seam AGENTOBS_TEST_HOLD_REPLAY_UNTIL is set: the replayed log stays closed to requests until {File} exists")]
    public static partial void ReplayHeldForTests(ILogger logger, string file);

    [LoggerMessage(80, LogLevel.Information, "Webhook receiver {Receiver} ({Url}) has no delivery position yet: it gets the crossings stored from log sequence {Sequence} on")]
    public static partial void WebhookPositionCreated(ILogger logger, string receiver, string url, long sequence);

    [LoggerMessage(81, LogLevel.Warning, "The delivery position {Path} of webhook receiver {Receiver} cannot be read ({Problem}); delivering every crossing from the start of the log")]
    public static partial void WebhookPositionUnreadable(ILogger logger, string path, string receiver, string problem);

    [LoggerMessage(82, LogLevel.Information, "Webhook receiver {Receiver} ({Url}) resumes at log sequence {Sequence}")]
    public static partial void WebhookResumed(ILogger logger, string receiver, string url, long sequence);

    [LoggerMessage(83, LogLevel.Error, "Webhook receiver {Receiver} has failed for {Hours:F1} h (Webhooks:MaxRetryHours); crossing {CrossingId} at log sequence {Sequence} is dead-lettered after {Outcome}")]
    public static partial void WebhookDeadLettered(ILogger logger, string receiver, double hours, string crossingId, long sequence, string outcome);

    [LoggerMessage(84, LogLevel.Information, "Webhook receiver {Receiver} answered 2xx again after failing for {Seconds:F1} s")]
    public static partial void WebhookRecovered(ILogger logger, string receiver, double seconds);

    [LoggerMessage(85, LogLevel.Warning, "Could not write the delivery position {Path} of webhook receiver {Receiver}; a restart may deliver some crossings again")]
    public static partial void WebhookPositionNotSaved(ILogger logger, string path, string receiver, Exception exception);

    [LoggerMessage(86, LogLevel.Warning, "Webhook receiver {Receiver} could not read the event log; retrying")]
    public static partial void WebhookLogUnreadable(ILogger logger, string receiver, Exception exception);

    [LoggerMessage(87, LogLevel.Error, "Webhook delivery to receiver {Receiver} failed unexpectedly; it resumes from its saved position in {Seconds:F0} s")]
    public static partial void WebhookLoopFailed(ILogger logger, string receiver, double seconds, Exception exception);

    [LoggerMessage(100, LogLevel.Error, "Projection {Projection} failed on the event at log sequence {Sequence}; the other views have it, and a start that replays the log applies it again")]
    public static partial void Unprojected(ILogger logger, string projection, long sequence, Exception exception);

    [LoggerMessage(101, LogLevel.Warning, "A query waited the longest allowed for the projection host to apply the log up to sequence {Wanted} and was answered at {Applied}")]
    public static partial void ReadTimedOut(ILogger logger, long wanted, long applied);

    [LoggerMessage(102, LogLevel.Error, "Reaction {Reaction} failed unexpectedly; it starts again from what the log and its position say in {Seconds:F0} s")]
    public static partial void ReactionFailed(ILogger logger, string reaction, double seconds, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "Test seam AGENTOBS_TEST_HOLD_REACTIONS_UNTIL is set: reactions wait before acting until {File} exists")]
    public static partial void ReactionsHeldForTests(ILogger logger, string file);

    [LoggerMessage(260, LogLevel.Information, "Proposal {ProposalId} {Decision} by {By}")]
    public static partial void ProposalDecided(ILogger logger, string proposalId, string decision, string by);

    [LoggerMessage(261, LogLevel.Information, "Proposal {ProposalId} delivered to {Tracker} ({Outcome}): {Reference}")]
    public static partial void ProposalDelivered(ILogger logger, string proposalId, string tracker, string outcome, string reference);

    [LoggerMessage(262, LogLevel.Warning, "Delivery of proposal {ProposalId} to {Tracker} ({Server}) failed ({Outcome}); attempt {Failures}, retrying in {Seconds:F1} s")]
    public static partial void ProposalDeliveryFailed(ILogger logger, string proposalId, string tracker, string server, string outcome, int failures, double seconds);

    [LoggerMessage(263, LogLevel.Information, "Proposal delivery to {Tracker} reached Proposals:MaxDeliveriesPerHour ({Max}); the next in {Seconds:F0} s")]
    public static partial void ProposalDeliveryDeferred(ILogger logger, string tracker, int max, double seconds);

    [LoggerMessage(264, LogLevel.Warning, "Proposal events could not be stored; retrying")]
    public static partial void ProposalEventsNotStored(ILogger logger, Exception exception);

    [LoggerMessage(265, LogLevel.Error, "Proposal event {EventId} was rejected by validation ({Field}: {Reason}); it is not retried")]
    public static partial void ProposalEventRejected(ILogger logger, string eventId, string? field, string? reason);

    [LoggerMessage(200, LogLevel.Information, "Review run {RunId} ({Trigger}) opened {Opened} and closed {Closed} findings; {Open} open; computed in {Seconds:F4} s")]
    public static partial void ReviewRan(ILogger logger, string runId, string trigger, int opened, int closed, int open, double seconds);

    [LoggerMessage(201, LogLevel.Warning, "Review finding event {Id} was refused at {Field}: {Reason}")]
    public static partial void FindingRejected(ILogger logger, string id, string? field, string? reason);

    [LoggerMessage(202, LogLevel.Warning, "Scheduled review run skipped: the event log is not writable; the next one retries")]
    public static partial void ReviewSkipped(ILogger logger, Exception exception);

    // 230-259: the learning system (reflection runs, context, outcomes).
    [LoggerMessage(230, LogLevel.Information, "Reflection run {RunId}: {FailurePatterns} failure patterns, {SuccessPatterns} success patterns, {Rules} rules, {AntiPatterns} anti-patterns ({Status})")]
    public static partial void ReflectionRan(ILogger logger, string runId, int failurePatterns, int successPatterns, int rules, int antiPatterns, string status);

    [LoggerMessage(290, LogLevel.Critical, "The event log in {Directory} is compacted and its base snapshot cannot be used; not starting")]
    public static partial void BaseSnapshotUnusable(ILogger logger, string directory, Exception exception);

    [LoggerMessage(291, LogLevel.Information, "Compaction ({Trigger}) before {Before}: {Segments} segments, {Records} records archived; the live log starts at sequence {Cut}")]
    public static partial void Compacted(ILogger logger, string trigger, DateTimeOffset before, int segments, long records, long cut);

    [LoggerMessage(292, LogLevel.Error, "Compaction ({Trigger}) before {Before} failed")]
    public static partial void CompactionFailed(ILogger logger, string trigger, DateTimeOffset before, Exception exception);

    // 293-299: refresh of a running sidecar and retention by size.
    [LoggerMessage(293, LogLevel.Information, "Refresh started: every derived view is rebuilt from the log's {Records} records")]
    public static partial void RefreshStarted(ILogger logger, long records);

    [LoggerMessage(294, LogLevel.Information, "Refreshed: {Events} events folded into {Views} views to log position {Position} in {Seconds:0.00} s; the state snapshot was discarded")]
    public static partial void Refreshed(ILogger logger, long events, int views, long position, double seconds);

    [LoggerMessage(295, LogLevel.Error, "Refresh failed; the views keep their state")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(296, LogLevel.Critical, "Refresh failed part-way through the views; the state snapshot was deleted and the sidecar stops, restart it to replay the log")]
    public static partial void RefreshBroken(ILogger logger, Exception exception);

    [LoggerMessage(297, LogLevel.Information, "Compaction (retention) by size: the live log held {Bytes} bytes, over Sidecar:Retention:MaxBytes {MaxBytes}; its oldest {Segments} sealed segments, {Records} records, archived; the live log starts at sequence {Cut}")]
    public static partial void RetentionBySize(ILogger logger, long bytes, long maxBytes, int segments, long records, long cut);

    [LoggerMessage(298, LogLevel.Error, "Compaction (retention) by size failed: the live log holds {Bytes} bytes, over Sidecar:Retention:MaxBytes {MaxBytes}")]
    public static partial void RetentionBySizeFailed(ILogger logger, long bytes, long maxBytes, Exception exception);

    [LoggerMessage(300, LogLevel.Information, "Loaded {Rules} inbound rules for the document kinds {Kinds}")]
    public static partial void InboundRulesLoaded(ILogger logger, int rules, string kinds);

    [LoggerMessage(360, LogLevel.Warning, "Refused a {Source} webhook delivery ({Event}) with 401: {Reason}")]
    public static partial void SourceWebhookUnauthorized(ILogger logger, string source, string @event, string reason);

    [LoggerMessage(361, LogLevel.Warning, "{Source} webhook delivery {Delivery} ({Event}) was mapped, but its event was rejected ({Field}: {Reason}); answered 200 so the hook stays enabled")]
    public static partial void SourceWebhookRejected(ILogger logger, string source, string @event, string delivery, string field, string reason);

    [LoggerMessage(362, LogLevel.Warning, "{Source}:AllowUnsigned is set and no secret is: webhook deliveries are accepted unverified from anyone who can reach the sidecar")]
    public static partial void SourceWebhookUnsigned(ILogger logger, string source);

    // 340-359: POST /api/v1/cloudevents (the CloudEvents HTTP binding, CDEvents).
    [LoggerMessage(340, LogLevel.Information, "CloudEvent refused ({Mode} mode) at {Field}: {Reason}")]
    public static partial void CloudEventsRefused(ILogger logger, string mode, string? field, string? reason);
    // 320-339: the OTLP/HTTP receiver.
    [LoggerMessage(320, LogLevel.Information, "OTLP request to {Path} refused: {Reason}")]
    public static partial void OtlpMalformed(ILogger logger, string path, string reason);

    [LoggerMessage(321, LogLevel.Information, "OTLP request to {Path}: {Rejected} of {Items} items rejected ({Reasons})")]
    public static partial void OtlpItemsRejected(ILogger logger, string path, int rejected, int items, string reasons);

    [LoggerMessage(322, LogLevel.Information, "OTLP/gRPC receiver listening on {Url} (HTTP/2 only: LogsService/Export, MetricsService/Export)")]
    public static partial void OtlpGrpcListening(ILogger logger, string url);

    [LoggerMessage(323, LogLevel.Debug, "OTLP/gRPC listener refused {Method} {Path} (content type {ContentType}): only the Export methods are served there")]
    public static partial void OtlpGrpcListenerRefused(ILogger logger, string method, string path, string contentType);
}
