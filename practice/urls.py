from django.urls import path

from . import plan_views, progress_views, quiz_views, views

app_name = "practice"

urlpatterns = [
    path("practice/", quiz_views.start, name="start"),
    path("practice/due/", quiz_views.start_due, name="start_due"),
    path("practice/quiz/<uuid:public_id>/", quiz_views.quiz_detail, name="quiz"),
    path("practice/quiz/<uuid:public_id>/reveal/", quiz_views.reveal, name="reveal"),
    path("practice/quiz/<uuid:public_id>/offline/", quiz_views.offline_stages, name="quiz_offline"),
    path("practice/quiz/<uuid:public_id>/rate/", quiz_views.rate, name="quiz_rate"),
    path("practice/quiz/<uuid:public_id>/finish/", quiz_views.finish, name="finish"),
    path("practice/quiz/<uuid:public_id>/summary/", quiz_views.summary, name="summary"),
    path("practice/quiz/<uuid:public_id>/retry/", quiz_views.retry_missed, name="retry_missed"),
    path("plans/", plan_views.plan_list, name="plans"),
    path("plans/leave/", plan_views.leave, name="leave_plan"),
    path("plans/<slug:slug>/", plan_views.plan_detail, name="plan"),
    path("plans/<slug:slug>/follow/", plan_views.follow, name="follow_plan"),
    path("today/", plan_views.today, name="today"),
    path("today/start/", plan_views.start_today, name="start_today"),
    path("progress/", progress_views.dashboard, name="progress"),
    path("progress/scheduling/", progress_views.scheduling, name="scheduling"),
    path("progress/interview-date/", progress_views.set_interview_date, name="interview_date"),
    path("progress/export.json", progress_views.export_json, name="export_json"),
    path("progress/reviews.csv", progress_views.export_reviews_csv, name="export_csv"),
    path("progress/import/", progress_views.import_history, name="import"),
    path("progress/anki.apkg", progress_views.anki_export, name="anki"),
    path("practice/statuses/", views.card_statuses, name="card_statuses"),
    path("practice/cards/<slug:slug>/", views.card_panel, name="card_panel"),
    path("practice/cards/<slug:slug>/rate/", views.rate, name="rate"),
    path("practice/cards/<slug:slug>/bookmark/", views.toggle_bookmark, name="bookmark"),
    path("practice/cards/<slug:slug>/note/", views.save_note, name="note"),
]
