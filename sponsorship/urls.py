from django.urls import path

from . import decision_views, letter_views, views

app_name = "sponsorship"

urlpatterns: list = [
    # Cost proposal: the application form's "costs" section (issue 4).
    path("applications/<int:pk>/costs/", views.cost_proposal, name="cost-proposal"),
    path("applications/<int:pk>/costs/export.csv", views.cost_proposal_csv_export,
         name="cost-proposal-export"),
    path("applications/<int:pk>/costs/import/", views.cost_proposal_csv_import,
         name="cost-proposal-import"),
    # The decision, HQ: the call's selection board, publication, one application's
    # decision page (selection decision and sponsorship level).
    path("calls/<int:pk>/board/", decision_views.board, name="board"),
    path("calls/<int:pk>/board/action/", decision_views.board_action, name="board-action"),
    path("calls/<int:pk>/publish/", decision_views.publish, name="publish"),
    # Publications and bulk actions run as jobs: their progress pages.
    path("board-jobs/<int:pk>/", decision_views.board_job, name="board-job"),
    path("board-jobs/<int:pk>/progress/", decision_views.board_job_progress_json,
         name="board-job-progress"),
    path("board-jobs/<int:pk>/retry/", decision_views.board_job_retry_view,
         name="board-job-retry"),
    path("decisions/", decision_views.decision_list, name="decision-list"),
    path("applications/<int:pk>/decision/", decision_views.decide, name="decide"),
    # Award letters (issue 6).
    path("letters/", letter_views.letter_calls, name="letter-calls"),
    path("letters/<int:pk>/download/", letter_views.letter_download, name="letter-download"),
    path("letters/<int:pk>/retry/", letter_views.letter_retry, name="letter-retry"),
    path("calls/<int:call_pk>/letters/", letter_views.call_letters, name="call-letters"),
    path("calls/<int:call_pk>/letters/regenerate/", letter_views.call_letters_regenerate,
         name="call-letters-regenerate"),
    path("letter-batches/<int:pk>/progress/", letter_views.batch_progress_json,
         name="letter-batch-progress"),
]
